using System.Text.Json;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Optim;

/// <summary>
/// Golden trajectories: every case of optimizers.json (PyTorch 1.13, 25 steps of recorded gradients, some steps
/// without a gradient for a parameter, two-group cases and per-step learning-rate changes) replayed through our
/// optimizers in float32 and in float64.
/// </summary>
public sealed class OptimizerGoldenTests
{
    // float32: torch ran in float32 too, and our updates follow its operation order and its FMAs (see ChunkedUpdate),
    // so when this was written every value of every case matched bit for bit. The tolerance, 1e-6 relative + 1e-7
    // absolute (~10 ulps at |θ| ≈ 1), leaves room for a harmless reordering; a real bug (bias correction off by one
    // step, dampening applied on the first step, eps inside the square root) moves θ by more than 1e-4.
    private const double RelTol32 = 1e-6, AbsTol32 = 1e-7;

    // float64: same inputs, both sides in double; differences are last-bit rounding.
    private const double RelTol64 = 1e-12, AbsTol64 = 1e-14;

    public static TheoryData<string> Cases => OptimFixtures.Names("optimizers.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_trajectory_matches_PyTorch(string name) => Replay(name, DType.Float32);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64_trajectory_matches_PyTorch(string name) => Replay(name, DType.Float64);

    private static void Replay(string name, DType dtype)
    {
        JsonElement c = OptimFixtures.Cases("optimizers.json")[name];
        int[][] shapes = c.GetProperty("shapes").EnumerateArray().Select(OptimFixtures.Ints).ToArray();
        Tensor[] parameters = c.GetProperty("initial").EnumerateArray()
            .Select((x, i) => OptimFixtures.Tensor32(OptimFixtures.Floats(x), shapes[i], dtype).RequiresGrad_())
            .ToArray();
        Optimizer optimizer = OptimFixtures.CreateOptimizer(c, parameters);
        JsonElement lrs = c.GetProperty("lrs");
        bool wide = dtype == DType.Float64;

        int t = 0;
        foreach (JsonElement step in c.GetProperty("steps").EnumerateArray())
        {
            JsonElement[] grads = step.GetProperty("grads").EnumerateArray().ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].Grad = grads[i].ValueKind == JsonValueKind.Null
                    ? null
                    : OptimFixtures.Tensor32(OptimFixtures.Floats(grads[i]), shapes[i], dtype);
            }
            if (lrs.ValueKind != JsonValueKind.Null)
            {
                double[] groupLrs = OptimFixtures.Doubles(lrs[t]);
                for (int g = 0; g < groupLrs.Length; g++)
                    optimizer.ParamGroups[g].LearningRate = groupLrs[g];
            }

            optimizer.Step();

            JsonElement[] expected = step.GetProperty(wide ? "f64" : "f32").EnumerateArray().ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                double[] want = wide
                    ? OptimFixtures.Doubles(expected[i])
                    : Array.ConvertAll(OptimFixtures.Floats(expected[i]), v => (double)v);
                double[] got = parameters[i].ToDoubleArray();
                OptimFixtures.AssertClose(want, got, wide ? RelTol64 : RelTol32, wide ? AbsTol64 : AbsTol32,
                    $"{name} ({dtype}) step {t + 1} parameter {i}");
            }
            t++;
        }
        Assert.Equal(25, t);
    }
}
