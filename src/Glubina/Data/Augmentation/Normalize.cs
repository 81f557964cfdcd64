using System.Text.Json.Nodes;
using Glubina.Data.Preprocessing;
using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>
/// Per-channel standardisation <c>(x − mean[c]) / std[c]</c> (torchvision <c>Normalize</c>). It is deterministic, so it
/// belongs after the random transforms and also on validation and test images. <see cref="Fit"/> computes the
/// channel means and (population) standard deviations of a training dataset; its state is saved as JSON.
/// </summary>
public sealed class Normalize : IImageTransform
{
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>A normalisation with known channel statistics (use <see cref="Fit"/> to compute them from data).</summary>
    /// <param name="mean">Mean of each channel.</param>
    /// <param name="std">Standard deviation of each channel; each must be positive.</param>
    /// <exception cref="ArgumentException">The lists are empty or differ in length, a value is not finite, or a std is not positive.</exception>
    public Normalize(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException(
                $"Normalize: mean and std need one value per channel and the same length, got {mean.Count} and {std.Count}.");
        for (int c = 0; c < std.Count; c++)
            if (!(std[c] > 0) || !float.IsFinite(std[c]) || !float.IsFinite(mean[c]))
                throw new ArgumentException($"Normalize: channel {c} has mean {mean[c]} and std {std[c]}; std must be positive and both finite.");
        _mean = mean.ToArray();
        _std = std.ToArray();
    }

    /// <summary>Per-channel mean.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>Per-channel standard deviation.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <summary>Standardises each channel; the generator is not used.</summary>
    public Tensor Apply(Tensor image, Generator generator) => Apply(image);

    /// <summary>Standardises each channel of <paramref name="image"/> [C, H, W].</summary>
    public Tensor Apply(Tensor image)
    {
        var img = ImageData.From(image, "Normalize");
        if (img.Channels != _mean.Length)
            throw new ArgumentException(
                $"Normalize: the image has {img.Channels} channels (shape {ShapeMath.Format(image.Shape)}) but the transform has " +
                $"{_mean.Length} channel statistics.", nameof(image));
        for (int c = 0; c < img.Channels; c++)
        {
            Span<float> plane = img.Pixels.AsSpan(c * img.Plane, img.Plane);
            float m = _mean[c], inv = 1f / _std[c];
            for (int i = 0; i < plane.Length; i++)
                plane[i] = (plane[i] - m) * inv;
        }
        return img.ToTensor();
    }

    /// <summary>
    /// Fits the channel means and population standard deviations over every pixel of the inputs of
    /// <paramref name="dataset"/> (images [C, H, W]; sizes may differ, channel counts may not), in float64.
    /// A channel that is constant gets std 1.
    /// </summary>
    public static Normalize Fit(IDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Count == 0)
            throw new ArgumentException("Normalize.Fit: the dataset has no examples.", nameof(dataset));
        double[]? sum = null, sumSq = null;
        long perChannel = 0;
        for (int i = 0; i < dataset.Count; i++)
        {
            var img = ImageData.From(dataset[i].Input, $"Normalize.Fit (example {i})");
            if (sum is null)
            {
                sum = new double[img.Channels];
                sumSq = new double[img.Channels];
            }
            else if (img.Channels != sum.Length)
                throw new ArgumentException(
                    $"Normalize.Fit: example {i} has {img.Channels} channels, example 0 has {sum.Length}.", nameof(dataset));
            for (int c = 0; c < img.Channels; c++)
            {
                // Sums in float64: pixel values are bounded, so the one-pass variance loses nothing that matters.
                ReadOnlySpan<float> plane = img.Pixels.AsSpan(c * img.Plane, img.Plane);
                double s = 0, q = 0;
                foreach (float v in plane)
                {
                    s += v;
                    q += (double)v * v;
                }
                sum[c] += s;
                sumSq![c] += q;
            }
            perChannel += img.Plane;
        }
        var mean = new float[sum!.Length];
        var std = new float[sum.Length];
        for (int c = 0; c < sum.Length; c++)
        {
            double m = sum[c] / perChannel;
            double var = Math.Max(0, sumSq![c] / perChannel - m * m);
            mean[c] = (float)m;
            std[c] = var > 1e-12 ? (float)Math.Sqrt(var) : 1f;
        }
        return new Normalize(mean, std);
    }

    /// <summary>The state as JSON: <c>{"type":"normalize","mean":[…],"std":[…]}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["type"] = "normalize",
        ["mean"] = JsonState.Numbers(_mean.Select(v => (double)v)),
        ["std"] = JsonState.Numbers(_std.Select(v => (double)v)),
    };

    /// <summary>Reads the state written by <see cref="ToJson"/>.</summary>
    public static Normalize FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string type = JsonState.String(json, "type", nameof(Normalize));
        if (type != "normalize")
            throw new FormatException($"Normalize JSON: 'type' must be \"normalize\", got \"{type}\".");
        double[] mean = JsonState.Doubles(json, "mean", nameof(Normalize));
        double[] std = JsonState.Doubles(json, "std", nameof(Normalize), mean.Length);
        return new Normalize(mean.Select(v => (float)v).ToArray(), std.Select(v => (float)v).ToArray());
    }
}
