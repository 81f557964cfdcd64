using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Tensors;
using Glubina.Testing;

namespace Glubina.Tests.Nn;

/// <summary>
/// One check for every layer type: output shape, parameter count (PyTorch's number), state-dict round trip into a
/// differently seeded layer, one SGD step that lowers a loss, and a finite-difference check of the gradient in
/// float64 (every layer builds in float64 under <see cref="Tensor.UseDefaultDType"/>).
/// </summary>
public static class LayerHarness
{
    private const ulong ForwardSeed = 77;
    private const double LearningRate = 0.05;

    /// <summary>Runs every check on <paramref name="spec"/>.</summary>
    public static void Check(LayerCatalog.Entry spec)
    {
        var gen = new Generator(1);
        Module layer = spec.Build(gen);
        layer.Train();
        Tensor x = Tensor.Normal(spec.InputShape, 0, 1, new Generator(100));

        // Shape and size.
        Tensor y = Run(layer, gen, x);
        Assert.Equal(spec.OutputShape, y.ShapeArray());
        Assert.Equal(spec.PyTorchParameters, layer.ParameterCount());
        Assert.Equal(spec.PyTorchParameters, layer.ParameterCount(trainableOnly: true));
        Assert.Equal(spec.PyTorchParameters, layer.StateDict().Where(kv => layer.NamedParameters().Any(p => p.Name == kv.Key)).Sum(kv => (long)kv.Value.Numel));
        Assert.All(y.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));

        SgdStepLowersLoss(spec, layer, gen, x);
        StateDictRoundTrip(spec, layer, gen, x);
        GradientCheck(spec, layer);
    }

    private static Tensor Run(Module layer, Generator gen, Tensor x)
    {
        gen.ManualSeed(ForwardSeed);   // the same dropout mask on every call
        return layer.Call(x);
    }

    private static void SgdStepLowersLoss(LayerCatalog.Entry spec, Module layer, Generator gen, Tensor x)
    {
        Tensor target = Tensor.Normal(spec.OutputShape, 0, 1, new Generator(200));
        var parameters = layer.Parameters().ToList();
        Tensor input = x.Clone();
        // A layer without parameters is trained through its input.
        var trained = parameters.Count > 0 ? parameters : [input];
        if (parameters.Count == 0)
            input.RequiresGrad = true;

        layer.ZeroGrad();
        Tensor loss0 = Run(layer, gen, input).Sub(target).Pow(2).Mean();
        loss0.Backward();
        double gradNormSquared = 0;
        foreach (var p in trained)
        {
            Assert.True(p.Grad is not null, $"{spec.Name}: a trained tensor {ShapeMath.Format(p.Shape)} got no gradient");
            gradNormSquared += p.Grad!.Mul(p.Grad!).Sum().Item();
        }
        Assert.True(gradNormSquared > 0, $"{spec.Name}: the gradient is zero");
        using (GradMode.NoGrad())
            foreach (var p in trained)
                p.AddInPlace(p.Grad!, -LearningRate);
        double after;
        using (GradMode.NoGrad())
            after = Run(layer, gen, input).Sub(target).Pow(2).Mean().Item();
        double before = loss0.Item();
        // A step along the true gradient lowers the loss by about lr·|g|²; a wrong gradient does not.
        Assert.True(after < before - 0.25 * LearningRate * gradNormSquared,
            $"{spec.Name}: one SGD step took the loss from {before:R} to {after:R} (|g|² = {gradNormSquared:R})");
        layer.ZeroGrad();
    }

    private static void StateDictRoundTrip(LayerCatalog.Entry spec, Module layer, Generator gen, Tensor x)
    {
        Dictionary<string, Tensor> saved;
        using (GradMode.NoGrad())
            saved = layer.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Detach().Clone());

        var otherGen = new Generator(2);
        Module other = spec.Build(otherGen);
        Assert.Equal(saved.Keys.Order().ToArray(), other.StateDict().Keys.Order().ToArray());
        layer.Eval();
        other.Eval();
        double[] expected = Run(layer, gen, x).ToDoubleArray();
        if (saved.Count > 0)   // trained parameters or updated running statistics: a fresh layer differs
            Assert.NotEqual(expected, Run(other, otherGen, x).ToDoubleArray());

        other.LoadStateDict(saved);
        foreach (var (name, value) in other.StateDict())
            Assert.Equal(saved[name].ToDoubleArray(), value.ToDoubleArray());
        Assert.Equal(expected, Run(other, otherGen, x).ToDoubleArray());

        // Training mode too (batch statistics, the same dropout mask).
        layer.Train();
        other.Train();
        Assert.Equal(Run(layer, gen, x).ToDoubleArray(), Run(other, otherGen, x).ToDoubleArray());
        // The loaded values are copies: changing the source afterwards does not reach the other layer.
        using (GradMode.NoGrad())
            foreach (var p in layer.Parameters())
                p.AddInPlace(Tensor.OnesLike(p));
        foreach (var (name, value) in other.NamedParameters())
            Assert.Equal(saved[name].ToDoubleArray(), value.ToDoubleArray());
        layer.LoadStateDict(saved);
    }

    private static void GradientCheck(LayerCatalog.Entry spec, Module trainedLayer)
    {
        var gen = new Generator(1);
        Module layer = spec.Build(gen, DType.Float64);
        Assert.All(layer.StateDict(), kv => Assert.True(kv.Value.DType is DType.Float64 or DType.Int64,
            $"{spec.Name}: {kv.Key} is {kv.Value.DType.Name()} in a layer built in float64"));
        // Check at the trained (not the initial) parameters.
        layer.LoadStateDict(trainedLayer.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Detach()));
        layer.Train();

        const DType dtype = DType.Float64;
        const double eps = 1e-6, rtol = 1e-5, atol = 1e-6;
        Tensor x = Tensor.Normal(spec.InputShape, 0, 1, new Generator(100), dtype);
        Tensor g = Tensor.Normal(spec.OutputShape, 0, 1, new Generator(300), dtype);
        double Loss(Tensor input)
        {
            using (GradMode.NoGrad())
                return Run(layer, gen, input).Mul(g).Sum().Item();
        }

        layer.ZeroGrad();
        Tensor leaf = x.Clone();
        leaf.RequiresGrad = true;
        Run(layer, gen, leaf).Mul(g).Sum().Backward();
        double[] analytic = leaf.Grad!.ToDoubleArray();
        double[] values = x.ToDoubleArray();
        foreach (int j in Probes(values.Length))
        {
            double Shifted(double delta)
            {
                double[] v = (double[])values.Clone();
                v[j] += delta;
                Tensor t = Tensor.FromArray(v, spec.InputShape).To(dtype);
                return Loss(t);
            }
            double numeric = (Shifted(eps) - Shifted(-eps)) / (2 * eps);
            double tol = atol + rtol * Math.Abs(numeric);
            if (!(Math.Abs(numeric - analytic[j]) <= tol))
                Assert.Fail($"{spec.Name} : dL/dx[{j}] analytic {analytic[j]:R}, finite difference {numeric:R}");
        }

        // Parameters too, a few coordinates of each.
        foreach (var (name, p) in layer.NamedParameters().ToList())
        {
            Assert.True(p.Grad is not null, $"{spec.Name}: parameter {name} got no gradient");
            double[] pa = p.Grad!.ToDoubleArray();
            double[] pv = p.ToDoubleArray();
            foreach (int j in Probes(pv.Length, 12))
            {
                double Shifted(double delta)
                {
                    double[] v = (double[])pv.Clone();
                    v[j] += delta;
                    using (GradMode.NoGrad())
                        p.CopyInPlace(Tensor.FromArray(v, p.ShapeArray()).To(dtype));
                    return Loss(x);
                }
                double numeric = (Shifted(eps) - Shifted(-eps)) / (2 * eps);
                using (GradMode.NoGrad())
                    p.CopyInPlace(Tensor.FromArray(pv, p.ShapeArray()).To(dtype));
                double tol = atol + rtol * Math.Abs(numeric);
                if (!(Math.Abs(numeric - pa[j]) <= tol))
                    Assert.Fail($"{spec.Name} : dL/d{name}[{j}] analytic {pa[j]:R}, finite difference {numeric:R}");
            }
        }
    }

    /// <summary>At most <paramref name="count"/> indices spread over [0, n).</summary>
    private static IEnumerable<int> Probes(int n, int count = 40) =>
        n <= count ? Enumerable.Range(0, n) : Enumerable.Range(0, count).Select(k => (int)((long)k * n / count + k % 7) % n).Distinct();
}
