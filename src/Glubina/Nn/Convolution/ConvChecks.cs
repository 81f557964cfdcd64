namespace Glubina.Nn;

/// <summary>Argument checks shared by the convolution layers; errors name the layer and the bad value.</summary>
internal static class ConvChecks
{
    public static void Validate(string layer, int inChannels, int outChannels, int groups,
        int[] kernel, int[] stride, int[] padding, int[] dilation)
    {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0)
            throw new ArgumentException(
                $"{layer}: channel counts and groups must be positive, got in_channels={inChannels}, out_channels={outChannels}, groups={groups}.");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException(
                $"{layer}: in_channels ({inChannels}) and out_channels ({outChannels}) must both be divisible by groups ({groups}).");
        if (kernel.Any(k => k <= 0) || stride.Any(s => s <= 0) || dilation.Any(d => d <= 0) || padding.Any(p => p < 0))
            throw new ArgumentException(
                $"{layer}: kernel size, stride and dilation must be positive and padding non-negative, got kernel_size=({string.Join(", ", kernel)}), " +
                $"stride=({string.Join(", ", stride)}), padding=({string.Join(", ", padding)}), dilation=({string.Join(", ", dilation)}).");
    }
}
