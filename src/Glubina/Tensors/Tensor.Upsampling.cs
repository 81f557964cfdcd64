namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>Nearest-neighbour upsampling by an integer factor of the trailing dims: [N, C, L] → [N, C, L·s] or
    /// [N, C, H, W] → [N, C, H·s, W·s] (torch.nn.functional.interpolate(mode="nearest")). A composite of views.</summary>
    public Tensor UpsampleNearest(int scaleFactor)
    {
        if (scaleFactor < 1)
            throw new ArgumentException($"upsample_nearest: scale factor must be a positive integer, got {scaleFactor}.");
        int n = Rank > 0 ? _shape[0] : 0, c = Rank > 1 ? _shape[1] : 0;
        return Rank switch
        {
            3 => Reshape(n, c, _shape[2], 1).Expand(n, c, _shape[2], scaleFactor).Reshape(n, c, _shape[2] * scaleFactor),
            4 => Reshape(n, c, _shape[2], 1, _shape[3], 1).Expand(n, c, _shape[2], scaleFactor, _shape[3], scaleFactor)
                .Reshape(n, c, _shape[2] * scaleFactor, _shape[3] * scaleFactor),
            _ => throw new ArgumentException($"upsample_nearest: expected input [N, C, L] or [N, C, H, W], got {ShapeMath.Format(_shape)}."),
        };
    }
}
