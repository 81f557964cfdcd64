using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Group normalisation (PyTorch's nn.GroupNorm): x [N, C, *] with the C channels split into numGroups groups; each
/// (sample, group) is normalised by its own mean and biased variance, then, with <c>affine</c>, scaled by
/// <c>weight</c> [C] (init 1) and shifted by <c>bias</c> [C] (init 0). The same in training and evaluation.
/// </summary>
public sealed class GroupNorm : Module, IConfigurable<GroupNorm, GroupNormConfig>
{
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

    public int NumGroups { get; }

    public int NumChannels { get; }

    public double Eps { get; }

    public Tensor? Weight { get; }

    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public GroupNormConfig Config => new(NumGroups, NumChannels, Eps, Weight is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static GroupNorm FromConfig(GroupNormConfig c) => new(c.NumGroups, c.NumChannels, c.Eps, c.Affine);

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

    protected override string ExtraRepr() => FormattableString.Invariant($"{NumGroups}, {NumChannels}, eps={Eps}, affine={(Weight is not null ? "true" : "false")}");
}

/// <summary>The arguments of <see cref="GroupNorm"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record GroupNormConfig(int NumGroups, int NumChannels, double Eps = 1e-5, bool Affine = true);
