using System.Globalization;
using System.Text;
using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// A Keras-style summary: every leaf layer (and every module with parameters of its own, such as a multi-head
/// attention's packed projection) in call order with its output shape, own parameter count and multiply-adds,
/// then the totals. Made by running one sample through the model with forward hooks.
/// </summary>
public sealed class ModelSummary
{
    /// <summary>One row of the summary.</summary>
    public sealed record Row(string Name, string Type, int[] OutputShape, long Parameters, long MultiplyAdds);

    private ModelSummary(IReadOnlyList<Row> rows, long total, long trainable)
    {
        Rows = rows;
        TotalParameters = total;
        TrainableParameters = trainable;
    }

    /// <summary>One row per call of a leaf layer (or a module with parameters of its own), in call order.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>Number of parameter elements in the whole model.</summary>
    public long TotalParameters { get; }

    /// <summary>Number of parameter elements that require gradients (not frozen).</summary>
    public long TrainableParameters { get; }

    /// <summary>Number of frozen parameter elements (total minus trainable).</summary>
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>Multiply-adds of one sample's forward pass.</summary>
    public long TotalMultiplyAdds => Rows.Sum(r => r.MultiplyAdds);

    /// <summary>Summarises <paramref name="model"/> for inputs of shape [batch, ..<paramref name="sampleShape"/>].</summary>
    public static ModelSummary Create(Module model, int[] sampleShape, DType? dtype = null)
    {
        var names = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (n, m) in model.NamedModules())
            names[m] = n;
        // A row per call of a leaf or of a module with parameters of its own (a multi-head attention's packed
        // projections); pure containers are listed through their layers. Rows are in the order the calls begin.
        var rows = new List<Row?>();
        var open = new Stack<int>();
        var hooks = new List<IDisposable>();
        foreach (var (name, module) in model.NamedModules())
        {
            if (module.NamedChildren().Count > 0 && module.OwnParameterCount() == 0)
                continue;
            hooks.Add(module.RegisterForwardPreHook((_, _) =>
            {
                open.Push(rows.Count);
                rows.Add(null);
            }));
            hooks.Add(module.RegisterForwardHook((m, input, output) =>
                rows[open.Pop()] = new Row(names[m], m.GetType().Name, output.ShapeArray(), m.OwnParameterCount(),
                    m.MultiplyAdds(input.Shape, output.Shape))));
        }
        bool wasTraining = model.Training;
        try
        {
            model.Eval();
            using var noGrad = GradMode.NoGrad();
            model.Call(Tensor.Zeros([1, .. sampleShape], dtype));
        }
        finally
        {
            foreach (var h in hooks)
                h.Dispose();
            model.Train(wasTraining);
        }
        return new ModelSummary(rows.OfType<Row>().ToList(), model.ParameterCount(), model.ParameterCount(trainableOnly: true));
    }

    /// <summary>The table as text: layer (type), output shape (batch shown as N), parameters, multiply-adds.</summary>
    public override string ToString()
    {
        var lines = new List<string[]> { new[] { "Layer (type)", "Output shape", "Param #", "Mult-adds" } };
        foreach (var r in Rows)
            lines.Add([$"{r.Name} ({r.Type})", "[N, " + string.Join(", ", r.OutputShape[1..]) + "]", N(r.Parameters), N(r.MultiplyAdds)]);
        int[] widths = Enumerable.Range(0, 4).Select(c => lines.Max(l => l[c].Length) + 2).ToArray();
        int total = widths.Sum();
        var sb = new StringBuilder();
        sb.AppendLine(new string('=', total));
        for (int i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            sb.Append(l[0].PadRight(widths[0])).Append(l[1].PadRight(widths[1])).Append(l[2].PadLeft(widths[2])).AppendLine(l[3].PadLeft(widths[3]));
            if (i == 0)
                sb.AppendLine(new string('-', total));
        }
        sb.AppendLine(new string('=', total));
        sb.AppendLine($"Total params: {N(TotalParameters)}");
        sb.AppendLine($"Trainable params: {N(TrainableParameters)}");
        sb.AppendLine($"Non-trainable params: {N(NonTrainableParameters)}");
        sb.AppendLine($"Mult-adds per sample: {N(TotalMultiplyAdds)}");
        return sb.ToString();
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
