using Glubina.Tensors;

namespace Glubina.Tests.Autograd;

/// <summary>Finite-difference gradient checks in float64 for every differentiable op of the catalog: the analytic
/// gradient of L = Σ outputs·g must match central differences of L.</summary>
public sealed class GradCheckTests
{
    private const double Epsilon = 1e-6;

    public static TheoryData<string> DifferentiableCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in OpFixtures.Cases.Values.Where(c => c.Grads.Any(g => g is not null)))
            data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(DifferentiableCases))]
    public void Analytic_gradient_matches_finite_differences(string name)
    {
        var c = OpFixtures.Cases[name];
        var inputs = c.Inputs.Select(t => OpFixtures.ToTensor(t, DType.Float64, strided: false)).ToArray();
        var gradOutputs = c.GradOutputs.Select(g => g is null ? null : OpFixtures.ToTensor(g, DType.Float64, false)).ToArray();

        double Loss(Tensor[] x)
        {
            Tensor[] outs = OpCatalog.Ops[c.Op](x, c.Attrs);
            double total = 0;
            for (int k = 0; k < outs.Length; k++)
                if (gradOutputs[k] is { } g)
                    total += outs[k].Mul(g).Sum().Item();
            return total;
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            if (c.Grads[i] is null)
                continue;
            var leaves = inputs.Select(t => t.Detach()).ToArray();
            leaves[i].RequiresGrad = true;
            Tensor[] outs = OpCatalog.Ops[c.Op](leaves, c.Attrs);
            Tensor? loss = null;
            for (int k = 0; k < outs.Length; k++)
                if (gradOutputs[k] is { } g)
                    loss = loss is null ? outs[k].Mul(g).Sum() : loss.Add(outs[k].Mul(g).Sum());
            loss!.Backward();
            double[] analytic = leaves[i].Grad!.ToArray<double>();

            double[] values = inputs[i].ToArray<double>();
            for (int j = 0; j < values.Length; j++)
            {
                double[] plus = (double[])values.Clone(), minus = (double[])values.Clone();
                plus[j] += Epsilon;
                minus[j] -= Epsilon;
                var xp = (Tensor[])inputs.Clone();
                var xm = (Tensor[])inputs.Clone();
                xp[i] = Tensor.FromArray(plus, inputs[i].ShapeArray());
                xm[i] = Tensor.FromArray(minus, inputs[i].ShapeArray());
                double numeric = (Loss(xp) - Loss(xm)) / (2 * Epsilon);
                double tol = 1e-6 + 1e-5 * Math.Abs(numeric);
                if (!(Math.Abs(numeric - analytic[j]) <= tol))
                    Assert.Fail($"{name}: d/dx{i}[{j}] analytic {analytic[j]:R}, finite difference {numeric:R}");
            }
        }
    }
}
