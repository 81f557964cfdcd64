using Glubina.Tensors;

namespace Glubina.Tests.Autograd;

/// <summary>Every op of the catalog against PyTorch's forward and backward (fixtures from
/// tools/reference/make_op_fixtures.py), with contiguous and with non-contiguous inputs.</summary>
public sealed class OpCatalogTests
{
    // float32 against a float64 reference: a real bug (wrong index, wrong formula) is off by far more.
    private const double RelativeTolerance = 1e-5;
    private const double AbsoluteTolerance = 2e-6;

    public static TheoryData<string, bool> AllCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string name in OpFixtures.Cases.Keys)
        {
            data.Add(name, false);
            data.Add(name, true);
        }
        return data;
    }

    [Fact]
    public void Every_fixture_op_has_a_catalog_entry_and_the_catalog_is_exercised()
    {
        var ops = OpFixtures.Cases.Values.Select(c => c.Op).ToHashSet();
        Assert.Equal([], ops.Where(op => !OpCatalog.Ops.ContainsKey(op)).ToArray());
        Assert.Equal([], OpCatalog.Ops.Keys.Where(op => !ops.Contains(op)).ToArray());
        Assert.True(OpFixtures.Cases.Count >= 150, $"only {OpFixtures.Cases.Count} fixture cases");
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Matches_pytorch_forward_and_backward(string name, bool strided)
    {
        var c = OpFixtures.Cases[name];
        var inputs = c.Inputs.Select(t => OpFixtures.ToTensor(t, DType.Float32, strided)).ToArray();
        var leaves = new Tensor?[inputs.Length];
        var graphInputs = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            bool wantsGrad = c.Grads[i] is not null;
            if (wantsGrad)
            {
                // A leaf that keeps the (possibly strided) layout: detach the view, then mark it.
                Tensor leaf = inputs[i].Detach();
                leaf.RequiresGrad = true;
                graphInputs[i] = leaf;
                leaves[i] = leaf;
            }
            else
            {
                graphInputs[i] = inputs[i];
                leaves[i] = null;
            }
        }

        Tensor[] outputs = OpCatalog.Ops[c.Op](graphInputs, c.Attrs);

        Assert.Equal(c.Outputs.Length, outputs.Length);
        for (int k = 0; k < outputs.Length; k++)
            AssertClose(c.Outputs[k], outputs[k], $"{name} output {k}");

        if (c.Grads.All(g => g is null))
            return;
        Tensor? loss = null;
        for (int k = 0; k < outputs.Length; k++)
        {
            if (c.GradOutputs[k] is not { } go)
                continue;
            Tensor term = outputs[k].Mul(OpFixtures.ToTensor(go, DType.Float32, strided: false)).Sum();
            loss = loss is null ? term : loss.Add(term);
        }
        Assert.NotNull(loss);
        loss!.Backward();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (c.Grads[i] is not { } expected)
                continue;
            Assert.True(leaves[i]!.Grad is not null, $"{name}: input {i} got no gradient");
            AssertClose(expected, leaves[i]!.Grad!, $"{name} grad {i}");
        }
    }

    internal static void AssertClose(OpFixtures.TensorData expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.ShapeArray()),
            $"{what}: shape {ShapeMath.Format(actual.Shape)}, expected {ShapeMath.Format(expected.Shape)}");
        string expectedType = actual.DType switch { DType.Float32 or DType.Float64 => "float32", DType.Int64 => "int64", _ => "bool" };
        Assert.Equal(expected.DType, expectedType);
        double[] got = actual.ToDoubleArray();
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected.Data[i], g = got[i];
            double tol = AbsoluteTolerance + RelativeTolerance * Math.Abs(e);
            if (!(Math.Abs(e - g) <= tol))
                Assert.Fail($"{what}: element {i} is {g:R}, PyTorch gives {e:R} (|diff| {Math.Abs(e - g):E2} > {tol:E2})");
        }
    }
}
