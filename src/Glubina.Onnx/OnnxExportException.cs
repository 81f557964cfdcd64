namespace Glubina.Onnx;

/// <summary>
/// A model (or its preprocessing) cannot be written as an ONNX graph that computes what Glubina computes. The message
/// names the layer (its position and type) and the reason; no file is written.
/// </summary>
public sealed class OnnxExportException : Exception
{
    public OnnxExportException(string layerPath, string layerType, string reason)
        : base($"ONNX export: {layerPath} ({layerType}): {reason}")
    {
        LayerPath = layerPath;
        LayerType = layerType;
        Reason = reason;
    }

    /// <summary>Where the layer sits, e.g. <c>layers[3]</c> or <c>layers[2].conv1</c>, or the preprocessing step.</summary>
    public string LayerPath { get; }

    /// <summary>The layer's (or transformer's) type name.</summary>
    public string LayerType { get; }

    /// <summary>Why it cannot be exported.</summary>
    public string Reason { get; }
}
