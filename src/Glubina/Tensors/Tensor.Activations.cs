using Glubina.Autograd.Ops;
using Glubina.Kernels;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    public Tensor Relu() => UnaryOp.Apply(this, new ReluKernel());

    public Tensor LeakyRelu(double negativeSlope = 0.01) => UnaryOp.Apply(this, new LeakyReluKernel(negativeSlope));

    public Tensor Elu(double alpha = 1.0) => UnaryOp.Apply(this, new EluKernel(alpha));

    /// <summary>GELU; <paramref name="approximate"/> "none" (exact, erf) or "tanh".</summary>
    public Tensor Gelu(string approximate = "none") => approximate switch
    {
        "none" => UnaryOp.Apply(this, new GeluKernel()),
        "tanh" => UnaryOp.Apply(this, new GeluTanhKernel()),
        _ => throw new ArgumentException($"Gelu: approximate must be \"none\" or \"tanh\", got \"{approximate}\"."),
    };

    public Tensor Sigmoid() => UnaryOp.Apply(this, new SigmoidKernel());

    public Tensor Tanh() => UnaryOp.Apply(this, new TanhKernel());

    public Tensor Silu() => UnaryOp.Apply(this, new SiluKernel());

    /// <summary>log(1 + exp(beta·x)) / beta, linear where beta·x exceeds <paramref name="threshold"/>.</summary>
    public Tensor Softplus(double beta = 1.0, double threshold = 20.0) => UnaryOp.Apply(this, new SoftplusKernel(beta, threshold));

    /// <summary>Softmax along <paramref name="dim"/> (numerically stable).</summary>
    public Tensor Softmax(int dim) => SoftmaxOps.Softmax(this, dim, log: false);

    /// <summary>Log-softmax along <paramref name="dim"/> (numerically stable).</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxOps.Softmax(this, dim, log: true);
}
