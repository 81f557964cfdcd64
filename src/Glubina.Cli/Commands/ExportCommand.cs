using System.CommandLine;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Onnx;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina export</c>: a model file as an ONNX file (over <see cref="OnnxExporter"/>).</summary>
internal static class ExportCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file.", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file to write.", Required = true };
        var withoutPreprocessing = new Option<bool>("--no-preprocessing") { Description = "Leave the table preprocessing out: the graph then takes the feature tensor instead of one input per column." };
        var opset = new Option<int>("--opset") { Description = "ONNX operator set.", DefaultValueFactory = _ => 17 };
        var command = context.Command("export",
            "Export a model file to ONNX, with its table preprocessing in the graph (one input per raw column) and, for " +
            "classifiers, probability and class outputs, so ONNX Runtime gives what glubina predict gives.",
            "glubina export --model runs/iris/model.safetensors --onnx iris.onnx",
            "glubina export --model runs/mnist/model.safetensors --onnx mnist.onnx --opset 18");
        command.Add(model);
        command.Add(onnx);
        command.Add(withoutPreprocessing);
        command.Add(opset);
        context.SetAction(command, parsed =>
        {
            string output = Path.GetFullPath(parsed.GetValue(onnx)!);
            RunFolder.EnsureWritable(Path.GetDirectoryName(output)!, "output folder");
            var file = ModelData.LoadModel(parsed.GetValue(model)!).File;
            try
            {
                OnnxExporter.Export(file, output, new OnnxExportOptions
                {
                    Opset = parsed.GetValue(opset),
                    IncludePreprocessing = !parsed.GetValue(withoutPreprocessing),
                });
            }
            catch (OnnxExportException e)
            {
                throw new CliException(e.Message, e);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"cannot export {parsed.GetValue(model)}: {e.Message}", e);
            }
            long bytes = new FileInfo(output).Length;
            context.Console.Line($"Wrote {output} ({bytes:N0} bytes).");
            return new JsonObject { ["onnx"] = output, ["bytes"] = bytes };
        });
        return command;
    }
}
