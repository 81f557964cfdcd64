using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Pooling;

/// <summary>Max pooling without a recorded backward takes a values-only path (no argmax indices, branch-free 2×2
/// windows): it must give exactly what the recording path gives (which the PyTorch fixtures check), NaNs included,
/// on odd plane sizes whose last row and column fall outside every window.</summary>
public sealed class MaxPoolInferenceTests
{
    [Theory]
    [InlineData(2, 3, 7, 9)]
    [InlineData(4, 2, 28, 28)]
    [InlineData(1, 1, 2, 2)]
    public void Values_only_path_equals_the_recording_path(int n, int c, int h, int w)
    {
        float[] data = Tensor.Normal([n, c, h, w], 0, 1, new Generator(3)).ToArray<float>();
        data[Math.Min(5, data.Length - 1)] = float.NaN;
        data[data.Length / 2] = float.NaN;
        var pool = new MaxPool2d(2);
        Tensor leaf = Tensor.FromArray(data, n, c, h, w).RequiresGrad_();
        float[] recorded = pool.Forward(leaf).ToArray<float>();
        float[] inference;
        using (GradMode.NoGrad())
            inference = pool.Forward(Tensor.FromArray(data, n, c, h, w)).ToArray<float>();
        Assert.Equal(recorded.Length, inference.Length);
        for (int i = 0; i < recorded.Length; i++)
            Assert.True(recorded[i].Equals(inference[i]), $"output {i}: {recorded[i]} vs {inference[i]}");
        Assert.Contains(inference, float.IsNaN);
    }

    [Fact]
    public void The_gradient_goes_to_the_first_maximum_of_a_window_or_its_last_NaN()
    {
        // PyTorch's order within a 2×2 window: top-left, top-right, bottom-left, bottom-right; a later value must be
        // strictly greater (or a NaN) to take over, so ties go to the earliest position and NaNs to the last one.
        // Expected values from torch 1.13's max_pool2d on this input.
        float nan = float.NaN;
        float[] data =
        [
            1, 1, 0, 2, 5, 4,
            1, 1, 2, 0, 5, 5,
            3, 0, nan, 7, 0, 0,
            0, 3, 9, nan, 0, 0,
        ];
        Tensor x = Tensor.FromArray(data, 1, 1, 4, 6).RequiresGrad_();
        Tensor y = new MaxPool2d(2).Forward(x);
        Assert.Equal(new float[] { 1, 2, 5, 3, nan, 0 }, y.ToArray<float>());
        y.Backward(Tensor.FromArray(new float[] { 10, 20, 30, 40, 50, 60 }, 1, 1, 2, 3));
        float[] expected =
        [
            10, 0, 0, 20, 30, 0,
            0, 0, 0, 0, 0, 0,
            40, 0, 0, 0, 60, 0,
            0, 0, 0, 50, 0, 0,
        ];
        Assert.Equal(expected, x.Grad!.ToArray<float>());
    }
}
