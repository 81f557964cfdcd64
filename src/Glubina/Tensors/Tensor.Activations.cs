using Glubina.Autograd.Ops;
using Glubina.Kernels;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>max(0, x) elementwise (torch.relu).</summary>
    public Tensor Relu() => UnaryOp.Apply(this, new ReluKernel());

    /// <summary>x where x &gt; 0, else <paramref name="negativeSlope"/>·x (torch.nn.functional.leaky_relu).</summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01) => UnaryOp.Apply(this, new LeakyReluKernel(negativeSlope));

    /// <summary>x where x &gt; 0, else <paramref name="alpha"/>·(exp(x) − 1) (torch.nn.functional.elu).</summary>
    public Tensor Elu(double alpha = 1.0) => UnaryOp.Apply(this, new EluKernel(alpha));

    /// <summary>GELU; <paramref name="approximate"/> "none" (exact, erf) or "tanh".</summary>
    public Tensor Gelu(string approximate = "none") => approximate switch
    {
        "none" => UnaryOp.Apply(this, new GeluKernel()),
        "tanh" => UnaryOp.Apply(this, new GeluTanhKernel()),
        _ => throw new ArgumentException($"Gelu: approximate must be \"none\" or \"tanh\", got \"{approximate}\"."),
    };

    /// <summary>1 / (1 + exp(−x)) elementwise, values in (0, 1).</summary>
    public Tensor Sigmoid() => UnaryOp.Apply(this, new SigmoidKernel());

    /// <summary>Hyperbolic tangent elementwise, values in (−1, 1).</summary>
    public Tensor Tanh() => UnaryOp.Apply(this, new TanhKernel());

    /// <summary>x·sigmoid(x) elementwise (SiLU, also called swish; torch.nn.functional.silu).</summary>
    public Tensor Silu() => UnaryOp.Apply(this, new SiluKernel());

    /// <summary>log(1 + exp(beta·x)) / beta, linear where beta·x exceeds <paramref name="threshold"/>.</summary>
    public Tensor Softplus(double beta = 1.0, double threshold = 20.0) => UnaryOp.Apply(this, new SoftplusKernel(beta, threshold));

    /// <summary>Softmax along <paramref name="dim"/> (numerically stable).</summary>
    public Tensor Softmax(int dim) => SoftmaxOps.Softmax(this, dim, log: false);

    /// <summary>Log-softmax along <paramref name="dim"/> (numerically stable).</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxOps.Softmax(this, dim, log: true);
}
