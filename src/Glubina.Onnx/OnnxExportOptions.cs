namespace Glubina.Onnx;

/// <summary>Options of <see cref="OnnxExporter"/>.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The ONNX operator set (17 or later; ONNX Runtime 1.31 runs up to 21 with these operators).</summary>
    public int Opset { get; init; } = 17;

    /// <summary>Name of the graph input when the model takes a tensor (no preprocessing exported).</summary>
    public string InputName { get; init; } = "input";

    /// <summary>Name of the graph output (the model's raw output: logits for classifiers).</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>When the model file holds a fitted preprocessing pipeline, put it into the graph so the exported model
    /// takes one input per raw column (default). When false, the graph takes the feature tensor, as <c>InputName</c>.</summary>
    public bool IncludePreprocessing { get; init; } = true;

    /// <summary>For a model file whose task is "classification" and whose output is [N, C]: add the outputs
    /// "probabilities" [N, C'] (softmax, or [1 − p, p] for one logit), "class" int64 [N] and, when the file has class
    /// labels, "label" string [N] — what <c>Predictor.Predict</c> reports (default true).</summary>
    public bool ClassOutputs { get; init; } = true;

    /// <summary>Shape of one example (without the batch dim) for models whose file records none; -1 marks a
    /// dynamic size (a sequence length).</summary>
    public int[]? InputShape { get; init; }
}
