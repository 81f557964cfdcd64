using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>Runs one example through a spec's layers before training, so a spec that does not fit the data fails
/// at once with the layer, the shape it got and the shape the data or the next layer needs.</summary>
internal static class SpecCheck
{
    /// <summary>Builds the model; checks every layer accepts the previous one's output and the last one gives
    /// <paramref name="outputs"/> values per example. Returns the built model (freshly initialised).</summary>
    public static Sequential Build(ModelSpec spec, string source, int[] inputShape, int outputs, bool tokens)
    {
        Sequential model;
        try
        {
            model = spec.Build();
        }
        catch (FormatException e)
        {
            throw new CliException($"{source}: {e.Message}", e);
        }
        int[] shape = [1, .. inputShape];
        Tensor x = tokens ? Tensor.Zeros(shape, DType.Int64) : Tensor.Zeros(shape);
        bool training = model.Training;
        model.Eval();
        using (GradMode.NoGrad())
        {
            int i = 0;
            foreach (Module layer in model)
            {
                int[] before = x.ShapeArray();
                try
                {
                    x = layer.Call(x);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
                {
                    throw new CliException(
                        $"{source}: layers[{i}] ({spec.Layers[i]["type"]}) cannot take input of shape {Format(before)} " +
                        $"({(i == 0 ? "one example of the data" : $"the output of layers[{i - 1}] ({spec.Layers[i - 1]["type"]})")}): {e.Message}", e);
                }
                i++;
            }
        }
        model.Train(training);
        int[] output = x.ShapeArray();
        bool fits = output.Length == 2 && output[1] == outputs || outputs == 1 && output.Length == 1;
        if (!fits)
            throw new CliException(
                $"{source}: the last layer, layers[{spec.Layers.Count - 1}] ({spec.Layers[^1]["type"]}), outputs {Format(output)} per batch; " +
                $"the data needs [N, {outputs}] ({(outputs == 1 ? "one value" : $"one score per class for {outputs} classes")}).");
        return model;
    }

    private static string Format(int[] shape) => "[N" + string.Concat(shape.Skip(1).Select(d => ", " + d)) + "]";
}
