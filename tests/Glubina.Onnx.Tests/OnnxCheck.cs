using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Onnx.Tests;

/// <summary>Runs exported models in ONNX Runtime and compares them with Glubina's eval-mode forward.</summary>
internal static class OnnxCheck
{
    /// <summary>Runs the single-input model on <paramref name="input"/>; returns the first output's values and shape.</summary>
    public static (float[] Values, int[] Shape) Run(InferenceSession session, Tensor input)
    {
        string name = session.InputMetadata.Keys.Single();
        int[] shape = input.ShapeArray();
        NamedOnnxValue value = input.DType == DType.Int64
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(input.Contiguous().ToArray<long>(), shape))
            : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(input.ToFloatArray(), shape));
        return Run(session, [value]);
    }

    public static (float[] Values, int[] Shape) Run(InferenceSession session, IReadOnlyCollection<NamedOnnxValue> inputs)
    {
        using var results = session.Run(inputs);
        var output = (results.FirstOrDefault(r => r.Name == "output") ?? results.First()).AsTensor<float>();
        return (output.ToArray(), output.Dimensions.ToArray());
    }

    /// <summary>Glubina's eval-mode output for <paramref name="input"/>.</summary>
    public static Tensor Glubina(Module model, Tensor input)
    {
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        return model.Call(input);
    }

    /// <summary>Max |a − b| after checking the shapes agree; NaN where both are NaN counts as equal.</summary>
    public static double MaxAbsDiff(Tensor expected, (float[] Values, int[] Shape) actual)
    {
        Assert.Equal(expected.ShapeArray(), actual.Shape);
        float[] e = expected.ToFloatArray();
        double max = 0;
        for (int i = 0; i < e.Length; i++)
        {
            if (float.IsNaN(e[i]) && float.IsNaN(actual.Values[i]))
                continue;
            double d = Math.Abs(e[i] - actual.Values[i]);
            max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(max, d);
        }
        return max;
    }

    /// <summary>Exports <paramref name="model"/>, then for each batch size runs both engines on the same random input
    /// through the one exported file (dynamic batch) and asserts max |diff| ≤ <paramref name="tolerance"/>.</summary>
    public static void Matches(Module model, int[] exampleShape, double tolerance = 1e-4, int[]? batches = null,
        Func<int[], Tensor>? makeInput = null, int? dynamicSize = null)
    {
        model.Eval();
        byte[] bytes = OnnxExporter.ToBytes(model, exampleShape);
        using var session = new InferenceSession(bytes);
        var generator = new Generator(7);
        foreach (int batch in batches ?? [1, 5])
        {
            int[] shape = [batch, .. exampleShape.Select(d => d < 0 ? dynamicSize ?? 6 : d)];
            Tensor input = makeInput?.Invoke(shape) ?? Tensor.Normal(shape, 0, 1, generator);
            double diff = MaxAbsDiff(Glubina(model, input), Run(session, input));
            Assert.True(diff <= tolerance, $"batch {batch}: max |Glubina − ONNX Runtime| = {diff:g3} > {tolerance:g3}");
        }
    }
}
