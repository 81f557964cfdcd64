using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Argument and input checks shared by the pooling layers; errors name the layer and the bad value.</summary>
internal static class PoolChecks
{
    public static void Validate(string layer, int[] kernel, int[] stride, int[] padding, int[] dilation)
    {
        if (kernel.Any(k => k <= 0) || stride.Any(s => s <= 0) || dilation.Any(d => d <= 0) || padding.Any(p => p < 0))
            throw new ArgumentException(
                $"{layer}: kernel size, stride and dilation must be positive and padding non-negative, got kernel_size=({string.Join(", ", kernel)}), " +
                $"stride=({string.Join(", ", stride)}), padding=({string.Join(", ", padding)}), dilation=({string.Join(", ", dilation)}).");
        for (int d = 0; d < kernel.Length; d++)
            if (padding[d] > kernel[d] / 2)
                throw new ArgumentException(
                    $"{layer}: padding ({string.Join(", ", padding)}) must be at most half of kernel_size ({string.Join(", ", kernel)}).");
    }

    public static void Rank(string layer, Tensor input, int rank)
    {
        if (input.Rank != rank)
            throw new ArgumentException(
                $"{layer}: expected input {(rank == 4 ? "[N, C, H, W]" : "[N, C, L]")}, got {ShapeMath.Format(input.Shape)}.");
    }
}
