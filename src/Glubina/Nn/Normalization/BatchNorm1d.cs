using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Batch normalisation over [N, C] or [N, C, L] inputs (PyTorch's nn.BatchNorm1d); see
/// <see cref="BatchNormBase"/> for the training and evaluation behaviour.</summary>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true,
    bool trackRunningStats = true, DType? dtype = null)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats, dtype), IConfigurable<BatchNorm1d, BatchNormConfig>
{
    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public BatchNormConfig Config => new(NumFeatures, Eps, Momentum, Weight is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static BatchNorm1d FromConfig(BatchNormConfig c) => new(c.NumFeatures, c.Eps, c.Momentum, c.Affine);

    private protected override void CheckInput(Tensor input)
    {
        if (input.Rank is not (2 or 3) || input.Size(1) != NumFeatures)
            throw new ArgumentException(
                $"BatchNorm1d({NumFeatures}): expected input [N, {NumFeatures}] or [N, {NumFeatures}, L], got {ShapeMath.Format(input.Shape)}.");
    }
}
