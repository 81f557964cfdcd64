using Glubina.Autograd;
using Glubina.Data;
using Glubina.Serialization;
using Glubina.Tensors;
using Module = Glubina.Nn.Module;

namespace Glubina.Inference;

/// <summary>
/// Runs a trained model for prediction: raw table rows (through the model file's fitted preprocessing) or
/// ready input tensors in, class probabilities or regression values out. The one inference path shared by the
/// CLI, the inference server and the examples, so they cannot disagree. Calls are serialized with a lock,
/// because a module's forward pass is not re-entrant; batch requests together for throughput.
/// </summary>
public sealed class Predictor
{
    private readonly Lock _gate = new();

    /// <summary>A predictor for <paramref name="file"/>'s model; switches the model to evaluation mode.</summary>
    /// <param name="file">A loaded or freshly built model file: the network, and optionally its preprocessing, labels and task.</param>
    public Predictor(ModelFile file)
    {
        File = file;
        Model.Eval();
    }

    /// <summary>Loads a model file (see <see cref="ModelFile.Load"/>) and prepares it for inference.</summary>
    public static Predictor Load(string path) => new(ModelFile.Load(path));

    /// <summary>The model file: network, preprocessing, class labels and task.</summary>
    public ModelFile File { get; }

    /// <summary>The network that runs (<see cref="File"/>'s model).</summary>
    public Module Model => File.Model;

    /// <summary>True unless the model file says its task is regression.</summary>
    public bool IsClassification => !string.Equals(File.Task, "regression", StringComparison.OrdinalIgnoreCase);

    /// <summary>Shape of one input example, without the batch dim, when the model file records it.</summary>
    public int[]? InputShape => File.InputShape;

    /// <summary>Outputs for a batch of inputs [N, ...]: [N, C] logits, [N, 1] or [N] values. No gradients are recorded.</summary>
    /// <exception cref="ArgumentException">The inputs do not have the shape the model file records.</exception>
    public Tensor Forward(Tensor inputs, int batchSize = 256)
    {
        CheckShape(inputs);
        lock (_gate)
        {
            using var noGrad = GradMode.NoGrad();
            int n = inputs.Size(0);
            if (n <= batchSize)
                return Model.Call(inputs);
            var parts = new List<Tensor>();
            for (int start = 0; start < n; start += batchSize)
                parts.Add(Model.Call(inputs.Narrow(0, start, Math.Min(batchSize, n - start))));
            return Tensor.Cat(parts, 0);
        }
    }

    /// <summary>
    /// The model's input for raw table rows: the fitted preprocessing applied to every column the model was
    /// trained on (the target column, when present, is ignored).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model file holds no preprocessing.</exception>
    public Tensor Features(Table rows)
    {
        if (File.Preprocessing is null)
            throw new InvalidOperationException(
                "this model file holds no preprocessing, so it cannot take table rows; pass input tensors instead.");
        if (File.Target is { } target && rows.Contains(target))
            rows = rows.Without(target);
        return File.Preprocessing.Transform(rows);
    }

    /// <summary>Predictions for raw table rows, in row order.</summary>
    public Predictions Predict(Table rows) => Predict(Features(rows));

    /// <summary>Predictions for a batch of ready inputs [N, ...], in row order.</summary>
    public Predictions Predict(Tensor inputs) => Predictions.From(Forward(inputs), IsClassification, File.ClassLabels);

    private void CheckShape(Tensor inputs)
    {
        if (inputs.Rank == 0)
            throw new ArgumentException("model inputs need a batch dimension: expected [N, ...], got a scalar.", nameof(inputs));
        if (InputShape is not { } shape)
            return;
        bool fits = inputs.Rank == shape.Length + 1;
        for (int d = 0; fits && d < shape.Length; d++)
            fits = shape[d] < 0 || inputs.Size(d + 1) == shape[d];
        if (!fits)
            throw new ArgumentException(
                $"model inputs have shape [{string.Join(", ", inputs.Shape.ToArray())}]; the model expects [N, {string.Join(", ", shape)}].",
                nameof(inputs));
    }
}
