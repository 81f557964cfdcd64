using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Weight initialisation as torch.nn.init: each function fills a tensor in place (without recording
/// gradients) from a seeded <see cref="Generator"/> (the default generator when none is given).</summary>
public static class Init
{
    /// <summary>Fan-in and fan-out as PyTorch computes them: [out, in, k...] → (in·k, out·k).</summary>
    public static (int FanIn, int FanOut) Fans(Tensor tensor)
    {
        if (tensor.Rank < 2)
            throw new ArgumentException($"Init: fan in/out need at least 2 dims, got shape {ShapeMath.Format(tensor.Shape)}.");
        int receptive = 1;
        for (int d = 2; d < tensor.Rank; d++)
            receptive *= tensor.Size(d);
        return (tensor.Size(1) * receptive, tensor.Size(0) * receptive);
    }

    /// <summary>Recommended gain for a nonlinearity (torch.nn.init.calculate_gain).</summary>
    public static double Gain(string nonlinearity, double param = 0.01) => nonlinearity switch
    {
        "linear" or "conv1d" or "conv2d" or "sigmoid" => 1.0,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + param * param)),
        "selu" => 3.0 / 4,
        _ => throw new ArgumentException($"Init.Gain: unknown nonlinearity '{nonlinearity}'."),
    };

    /// <summary>Fills <paramref name="tensor"/> with draws from U(<paramref name="low"/>, <paramref name="high"/>) (torch.nn.init.uniform_); returns it.</summary>
    public static Tensor Uniform(Tensor tensor, double low, double high, Generator? generator = null) =>
        Fill(tensor, Tensor.Uniform(tensor.ShapeArray(), low, high, generator, tensor.DType));

    /// <summary>Fills <paramref name="tensor"/> with draws from N(<paramref name="mean"/>, <paramref name="std"/>²) (torch.nn.init.normal_); returns it.</summary>
    public static Tensor Normal(Tensor tensor, double mean, double std, Generator? generator = null) =>
        Fill(tensor, Tensor.Normal(tensor.ShapeArray(), mean, std, generator, tensor.DType));

    /// <summary>Sets every element of <paramref name="tensor"/> to <paramref name="value"/> (torch.nn.init.constant_); returns it.</summary>
    public static Tensor Constant(Tensor tensor, double value) => Fill(tensor, Tensor.Full(tensor.ShapeArray(), value, tensor.DType));

    /// <summary>Sets every element of <paramref name="tensor"/> to 0 (torch.nn.init.zeros_); returns it.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Sets every element of <paramref name="tensor"/> to 1 (torch.nn.init.ones_); returns it.</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>PyTorch's default for Linear and the convolutions (their <c>reset_parameters</c>): <paramref name="weight"/>
    /// Kaiming-uniform with a = √5, <paramref name="bias"/> (when there is one) U(±1/√fan_in) with the weight's fan_in.</summary>
    public static void LinearDefault(Tensor weight, Tensor? bias, Generator? generator = null)
    {
        KaimingUniform(weight, a: Math.Sqrt(5), generator: generator);
        if (bias is not null)
        {
            double bound = 1 / Math.Sqrt(Fans(weight).FanIn);
            Uniform(bias, -bound, bound, generator);
        }
    }

    /// <summary>U(−b, b) with b = gain·√(6/(fan_in+fan_out)).</summary>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(tensor);
        double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>N(0, std²) with std = gain·√(2/(fan_in+fan_out)).</summary>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(tensor);
        return Normal(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
    }

    /// <summary>U(−b, b) with b = gain·√(3/fan), gain for <paramref name="nonlinearity"/> with slope <paramref name="a"/>.</summary>
    public static Tensor KaimingUniform(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null)
    {
        double std = Gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        double bound = Math.Sqrt(3.0) * std;
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>N(0, std²) with std = gain/√fan.</summary>
    public static Tensor KaimingNormal(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null) =>
        Normal(tensor, 0, Gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode)), generator);

    /// <summary>A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix, scaled by <paramref name="gain"/>.</summary>
    public static Tensor Orthogonal(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        if (tensor.Rank < 2)
            throw new ArgumentException($"Init.Orthogonal: need at least 2 dims, got {ShapeMath.Format(tensor.Shape)}.");
        int rows = tensor.Size(0), cols = tensor.Numel / rows;
        bool transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;   // m ≥ n
        var g = generator ?? Generator.Default;
        var a = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                a[i, j] = g.NextNormal();
        // Modified Gram–Schmidt on the columns gives Q of A = QR; the sign fix (diag(R) > 0) makes Q unique.
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++)
                    dot += a[i, k] * a[i, j];
                for (int i = 0; i < m; i++)
                    a[i, j] -= dot * a[i, k];
            }
            double norm = 0;
            for (int i = 0; i < m; i++)
                norm += a[i, j] * a[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++)
                a[i, j] /= norm;
        }
        var values = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                values[r * cols + c] = gain * (transpose ? a[c, r] : a[r, c]);
        return Fill(tensor, Tensor.FromArray(values, tensor.ShapeArray()).To(tensor.DType));
    }

    private static int Fan(Tensor tensor, string mode)
    {
        var (fanIn, fanOut) = Fans(tensor);
        return mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => throw new ArgumentException($"Init: mode must be \"fan_in\" or \"fan_out\", got \"{mode}\"."),
        };
    }

    private static Tensor Fill(Tensor tensor, Tensor values)
    {
        using (GradMode.NoGrad())
            tensor.CopyInPlace(values);
        return tensor;
    }
}
