using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Batch normalisation over [N, C, H, W] inputs (PyTorch's nn.BatchNorm2d), statistics per channel over
/// N, H and W; see <see cref="BatchNormBase"/> for the training and evaluation behaviour.</summary>
public sealed class BatchNorm2d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true,
    bool trackRunningStats = true, DType? dtype = null)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats, dtype), IConfigurable<BatchNorm2d, BatchNormConfig>
{
    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public BatchNormConfig Config => new(NumFeatures, Eps, Momentum, Weight is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static BatchNorm2d FromConfig(BatchNormConfig c) => new(c.NumFeatures, c.Eps, c.Momentum, c.Affine);

    private protected override void CheckInput(Tensor input)
    {
        if (input.Rank != 4 || input.Size(1) != NumFeatures)
            throw new ArgumentException(
                $"BatchNorm2d({NumFeatures}): expected input [N, {NumFeatures}, H, W], got {ShapeMath.Format(input.Shape)}.");
    }
}

/// <summary>The arguments of <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record BatchNormConfig(int NumFeatures, double Eps = 1e-5, double Momentum = 0.1, bool Affine = true);
