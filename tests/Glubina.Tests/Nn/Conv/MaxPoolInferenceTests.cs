using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Conv;

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
}
