using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>Mean cross-entropy of class logits [N, C] against int64 targets [N]: log-softmax and NLL fused
    /// in one numerically stable kernel (torch.nn.functional.cross_entropy with default arguments).</summary>
    public Tensor CrossEntropy(Tensor targets) => CrossEntropyOps.CrossEntropy(this, targets);
}
