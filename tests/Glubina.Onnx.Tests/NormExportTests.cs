using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Onnx.Tests;

public sealed class NormExportTests
{
    /// <summary>A few training-mode passes so running statistics (and thus the exported BatchNormalization) are not trivial.</summary>
    private static void WarmUp(Module model, int[] shape)
    {
        model.Train();
        var generator = new Generator(11);
        for (int i = 0; i < 3; i++)
            model.Call(Tensor.Normal(shape, 0.5, 2, generator));
        using var noGrad = Glubina.Autograd.GradMode.NoGrad();
        foreach (var (_, p) in model.NamedParameters())
            p.CopyInPlace(Tensor.Normal(p.ShapeArray(), 0.2, 1, generator));
        model.Eval();
    }

    [Fact]
    public void BatchNorm1d_and_LayerNorm_match()
    {
        var model = new Sequential(new Linear(6, 8), new BatchNorm1d(8), new ReLU(), new Linear(8, 8), new LayerNorm(8, 1e-3),
            new BatchNorm1d(8, affine: false), new Linear(8, 3));
        WarmUp(model, [16, 6]);
        OnnxCheck.Matches(model, [6], 1e-4);
    }

    [Fact]
    public void BatchNorm2d_GroupNorm_and_two_dim_LayerNorm_match()
    {
        var model = new Sequential(new Conv2d(3, 8, 3, padding: 1), new BatchNorm2d(8), new GroupNorm(4, 8), new ReLU(),
            new GroupNorm(2, 8, affine: false), new LayerNorm([5, 5], elementwiseAffine: true), new Flatten(), new Linear(200, 4));
        WarmUp(model, [4, 3, 5, 5]);
        OnnxCheck.Matches(model, [3, 5, 5], 1e-4);
    }

    [Fact]
    public void BatchNorm1d_on_sequences_matches()
    {
        var model = new Sequential(new Conv1d(4, 6, 3), new BatchNorm1d(6), new GroupNorm(3, 6), new Tanh());
        WarmUp(model, [4, 4, 10]);
        OnnxCheck.Matches(model, [4, 10], 1e-4);
    }
}
