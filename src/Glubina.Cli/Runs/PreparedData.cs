using Glubina.Data;
using Glubina.Data.Preprocessing;

namespace Glubina.Cli.Runs;

/// <summary>Data ready to train on: the three splits as tensors, what one example looks like, the task and the
/// preprocessing to save with the model, plus the facts the report shows.</summary>
internal sealed record PreparedData
{
    public required string Source { get; init; }

    public required TensorDataset Train { get; init; }

    public required TensorDataset Validation { get; init; }

    public required TensorDataset Test { get; init; }

    /// <summary>Shape of one input example, without the batch dim.</summary>
    public required int[] InputShape { get; init; }

    public required string Task { get; init; }

    /// <summary>Class names by index (classification only).</summary>
    public IReadOnlyList<string>? ClassLabels { get; init; }

    /// <summary>The fitted table preprocessing (tabular data only).</summary>
    public ColumnPipeline? Preprocessing { get; init; }

    public string? Target { get; init; }

    /// <summary>Facts shown in the report's data section, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Summary { get; init; } = [];

    /// <summary>One line per preprocessing step.</summary>
    public IReadOnlyList<string> PreprocessingSteps { get; init; } = [];

    /// <summary>Input scaling applied before the model for image data (pixel × scale), saved in the model file so
    /// that predict applies the same; null for tabular data, whose preprocessing is the pipeline.</summary>
    public double? InputScale { get; init; }

    /// <summary>Inputs are token ids (int64 [N, L]) for an embedding layer, not numbers.</summary>
    public bool Tokens { get; init; }

    /// <summary>Token vocabulary size (text data).</summary>
    public int? Vocabulary { get; init; }

    /// <summary>Entries saved in the model file's manifest "extra" so a saved model reads new data the same way
    /// (tokenizer and text column, image size and colour mode).</summary>
    public System.Text.Json.Nodes.JsonObject Manifest { get; init; } = [];

    /// <summary>Number of model outputs: classes (2 for binary, as two logits) or 1 value.</summary>
    public int Outputs => Tasks.IsRegression(Task) ? 1 : ClassLabels!.Count;
}
