using System.Reflection;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Onnx.Conversion;
using Glubina.Onnx.Graph;
using Glubina.Onnx.Protobuf;
using Glubina.Serialization;
using Glubina.Tensors;
using DataType = Glubina.Onnx.Protobuf.TensorProto.Types.DataType;
using Module = Glubina.Nn.Module;

namespace Glubina.Onnx;

/// <summary>
/// Writes Glubina models as ONNX files (opset 17 by default) that ONNX Runtime runs with the results Glubina computes
/// in eval mode: dropout is the identity, batch normalization uses its running statistics. The batch dim is dynamic.
/// A model file's fitted preprocessing becomes part of the graph, which then takes one input per raw column
/// (float32 [N, 1] for numeric columns, string [N, 1] for categorical ones) as <c>glubina predict</c> does.
/// See docs/onnx.md for the layer → operator table and the limits.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Writes <paramref name="model"/> as an ONNX file at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxExportException">A layer or option has no faithful ONNX form; nothing is written.</exception>
    public static void Export(ModelFile model, string path, OnnxExportOptions? options = null) =>
        Write(ToBytes(model, options), path);

    /// <summary>Writes a model built in code; <paramref name="inputShape"/> is one example's shape without the batch dim
    /// (-1 for a dynamic size such as a sequence length).</summary>
    public static void Export(Module model, int[] inputShape, string path, OnnxExportOptions? options = null) =>
        Write(ToBytes(model, inputShape, options), path);

    /// <summary>The ONNX file's bytes for a model file (what <see cref="Export(ModelFile, string, OnnxExportOptions?)"/> writes).</summary>
    public static byte[] ToBytes(ModelFile model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        bool preprocess = options.IncludePreprocessing && model.Preprocessing is not null;
        int[] shape = model.InputShape ?? options.InputShape ?? InferInputShape(model);
        var metadata = new Dictionary<string, string>();
        if (model.Task is { } task)
            metadata["task"] = task;
        if (model.Target is { } target)
            metadata["target"] = target;
        if (model.ClassLabels is { } labels)
            metadata["class_labels"] = new JsonArray(labels.Select(l => (JsonNode?)l).ToArray()).ToJsonString();
        if (model.Preprocessing is { IsFitted: true } p)
            metadata["feature_names"] = new JsonArray(p.FeatureNames.Select(n => (JsonNode?)n).ToArray()).ToJsonString();
        bool classifier = options.ClassOutputs && string.Equals(model.Task, "classification", StringComparison.OrdinalIgnoreCase);
        return Build(model.Model, shape, options, preprocess ? model.Preprocessing : null, metadata,
            classifier ? model.ClassLabels ?? [] : null).ToByteArray();
    }

    /// <summary>The ONNX file's bytes for a model built in code.</summary>
    public static byte[] ToBytes(Module model, int[] inputShape, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        return Build(model, inputShape, options ?? new OnnxExportOptions(), null, [], null).ToByteArray();
    }

    private static void Write(byte[] bytes, string path)
    {
        string full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } dir)
            Directory.CreateDirectory(dir);
        string temporary = full + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, full, overwrite: true);
    }

    private static int[] InferInputShape(ModelFile model)
    {
        if (model.Preprocessing is { IsFitted: true } p)
            return [p.FeatureCount];
        Module first = ModuleConverter.FirstLayer(model.Model);
        return first is Linear linear
            ? [linear.InFeatures]
            : throw new ArgumentException(
                "ONNX export: the model file records no input shape and its first layer is " +
                $"{first.GetType().Name}, so the shape of one example is unknown. Save the model with InputShape, or pass " +
                "OnnxExportOptions.InputShape (e.g. [1, 28, 28]).");
    }

    private static ModelProto Build(Module model, int[] inputShape, OnnxExportOptions options,
        Data.Preprocessing.ColumnPipeline? preprocessing, Dictionary<string, string> metadata, IReadOnlyList<string>? classLabels)
    {
        if (options.Opset is < 17 or > 21)
            throw new ArgumentOutOfRangeException(nameof(options), options.Opset,
                "ONNX export: opset must be within 17..21 (the operator sets this exporter writes and ONNX Runtime 1.31 runs).");
        if (model.Parameters().FirstOrDefault(p => p.DType != DType.Float32) is { } odd)
            throw new OnnxExportException("model", model.GetType().Name,
                $"it holds {odd.DType.Name()} parameters; the exported graph is float32. Convert the model to float32 first.");
        if (inputShape.Any(d => d == 0 || d < -1))
            throw new ArgumentException($"ONNX export: input shape [{string.Join(", ", inputShape)}] must hold positive sizes or -1 (dynamic).");
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = GradMode.NoGrad();
            var g = new GraphBuilder();
            OnnxValue input = preprocessing is null
                ? TensorInput(g, model, inputShape, options.InputName)
                : new PreprocessingConverter(g).Convert(preprocessing);
            OnnxValue output = new ModuleConverter(g).Convert(model, input, "model");
            int[] outShape = output.Shape;
            g.Output(output.Name, options.OutputName, output.Type,
                outShape.Select(d => d < 0 ? (int?)null : d).ToArray(),
                outShape.Select((_, d) => d == 0 ? "batch" : $"{options.OutputName}_dim{d}").ToArray());
            // A classifier with [N, C] outputs also gets what Predictor.Predict reports (labels only when given).
            if (classLabels is not null && output.Rank == 2 && outShape[1] > 0)
                ClassOutputs.Add(g, output, classLabels.Count > 0 ? classLabels : null);
            metadata["input_shape"] = new JsonArray(inputShape.Select(d => (JsonNode?)d).ToArray()).ToJsonString();
            metadata["producer"] = "glubina";
            return Model(g, options.Opset, metadata);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    private static OnnxValue TensorInput(GraphBuilder g, Module model, int[] shape, string name)
    {
        bool ids = ModuleConverter.TakesTokenIds(model);
        DataType type = ids ? DataType.Int64 : DataType.Float;
        int?[] dims = [null, .. shape.Select(d => d < 0 ? (int?)null : d)];
        string[] names = ["batch", .. shape.Select((_, d) => $"{name}_dim{d + 1}")];
        g.Input(name, type, dims, names);
        Tensor Probe(int batch, int dynamic)
        {
            int[] s = [batch, .. shape.Select(d => d < 0 ? dynamic : d)];
            return ids ? Tensor.Zeros(s, DType.Int64) : Tensor.Zeros(s);
        }
        // Dynamic sizes for the probes: the first pair the model accepts (a CNN needs room for its kernels, a sequence
        // model must stay within its maximum length); the model's own error surfaces if none fits.
        (int A, int B) sizes = (2, 3);
        if (shape.Any(d => d < 0))
        {
            foreach (var candidate in new[] { (16, 17), (5, 6), (2, 3) })
            {
                try
                {
                    model.Call(Probe(2, candidate.Item1));
                    model.Call(Probe(3, candidate.Item2));
                    sizes = candidate;
                    break;
                }
                catch (ArgumentException)
                {
                }
            }
        }
        return new OnnxValue(name, type, Probe(2, sizes.A), Probe(3, sizes.B));
    }

    private static ModelProto Model(GraphBuilder g, int opset, Dictionary<string, string> metadata)
    {
        string version = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var proto = new ModelProto
        {
            IrVersion = opset switch { <= 18 => 8, <= 20 => 9, _ => 10 },
            ProducerName = "glubina",
            ProducerVersion = version,
            Graph = g.Graph,
            OpsetImport =
            {
                new OperatorSetIdProto { Domain = "", Version = opset },
                new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 2 },
            },
        };
        foreach (var (key, value) in metadata)
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }
}
