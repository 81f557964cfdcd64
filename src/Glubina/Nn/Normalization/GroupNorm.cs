using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Group normalisation (PyTorch's nn.GroupNorm): x [N, C, *] with the C channels split into numGroups groups; each
/// (sample, group) is normalised by its own mean and biased variance, then, with <c>affine</c>, scaled by
/// <c>weight</c> [C] (init 1) and shifted by <c>bias</c> [C] (init 0). The same in training and evaluation.
/// </summary>
public sealed class GroupNorm : Module, IConfigurable<GroupNorm, GroupNormConfig>
{
    /// <summary>A group normalisation layer (PyTorch's defaults).</summary>
    /// <param name="numGroups">Number of groups the channels are split into.</param>
    /// <param name="numChannels">Channels C of the input; a multiple of numGroups.</param>
    /// <param name="eps">Added to the variance under the square root.</param>
    /// <param name="affine">Learn a per-channel <c>weight</c> and <c>bias</c>.</param>
    /// <param name="dtype">Parameter dtype (default <see cref="Tensor.DefaultDType"/>).</param>
    /// <exception cref="ArgumentException">numChannels is not a positive multiple of numGroups.</exception>
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true, DType? dtype = null)
    {
        if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0)
            throw new ArgumentException(
                $"GroupNorm: num_channels ({numChannels}) must be a positive multiple of num_groups ({numGroups}).");
        NumGroups = numGroups;
        NumChannels = numChannels;
        Eps = eps;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([numChannels], dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros([numChannels], dtype));
        }
    }

    /// <summary>Number of channel groups, each normalised on its own.</summary>
    public int NumGroups { get; }

    /// <summary>Channels C expected at the input's dim 1.</summary>
    public int NumChannels { get; }

    /// <summary>Added to the variance under the square root, for stability.</summary>
    public double Eps { get; }

    /// <summary>Scale [C] (init 1), or null without affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift [C] (init 0), or null without affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public GroupNormConfig Config => new(NumGroups, NumChannels, Eps, Weight is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static GroupNorm FromConfig(GroupNormConfig c) => new(c.NumGroups, c.NumChannels, c.Eps, c.Affine);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank < 2 || input.Size(1) != NumChannels)
            throw new ArgumentException(
                $"GroupNorm({NumGroups}, {NumChannels}): expected input [N, {NumChannels}, *], got {ShapeMath.Format(input.Shape)}.");
        int n = input.Size(0);
        Tensor grouped = input.Reshape(n, NumGroups, -1);
        Tensor mean = grouped.Mean(2, keepdim: true);
        Tensor centered = grouped.Sub(mean);
        Tensor variance = centered.Pow(2).Mean(2, keepdim: true);
        Tensor y = centered.Mul(variance.Add(Eps).Rsqrt()).Reshape(input.ShapeArray());
        if (Weight is null)
            return y;
        int[] statShape = new int[input.Rank];
        Array.Fill(statShape, 1);
        statShape[1] = NumChannels;
        return y.Mul(Weight.Reshape(statShape)).Add(Bias!.Reshape(statShape));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"{NumGroups}, {NumChannels}, eps={Eps}, affine={(Weight is not null ? "true" : "false")}");
}

/// <summary>The arguments of <see cref="GroupNorm"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record GroupNormConfig(int NumGroups, int NumChannels, double Eps = 1e-5, bool Affine = true);
