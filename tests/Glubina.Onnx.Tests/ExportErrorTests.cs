using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Onnx.Tests;

public sealed class ExportErrorTests
{
    private sealed class Doubler : Module
    {
        public override Tensor Forward(Tensor input) => input.Mul(2.0);
    }

    [Fact]
    public void An_unknown_layer_is_named_with_its_position()
    {
        var model = new Sequential(new Linear(4, 4), new ReLU(), new Doubler());
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.ToBytes(model, [4]));
        Assert.Equal("layers[2]", e.LayerPath);
        Assert.Equal("Doubler", e.LayerType);
        Assert.Contains("layers[2] (Doubler)", e.Message);
        Assert.Contains("no ONNX mapping", e.Message);
    }

    [Fact]
    public void Unsupported_options_are_refused_with_the_reason()
    {
        var uneven = new Sequential(new Conv2d(1, 2, 3), new AdaptiveAvgPool2d(3));
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.ToBytes(uneven, [1, 9, 9]));
        Assert.Equal("layers[1]", e.LayerPath);
        Assert.Contains("does not divide", e.Message);

        var batchStats = new Sequential(new Linear(3, 3), new BatchNorm1d(3, trackRunningStats: false));
        e = Assert.Throws<OnnxExportException>(() => OnnxExporter.ToBytes(batchStats, [3]));
        Assert.Contains("track_running_stats", e.Message);
        Assert.Equal("BatchNorm1d", e.LayerType);
    }

    [Fact]
    public void Nothing_is_written_when_export_fails()
    {
        string path = Path.Combine(Path.GetTempPath(), $"glubina-fail-{Guid.NewGuid():N}.onnx");
        Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(new Sequential(new Doubler()), [2], path));
        Assert.False(File.Exists(path));
    }
}
