using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Glubina.Serving.Batching;
using Glubina.Serving.Models;
using Glubina.Serving.Protocol;

namespace Glubina.Serving.Monitoring;

/// <summary>
/// Appends every predicted row to a JSON-lines file for drift analysis: time, model, version, endpoint, request id,
/// row, the row's input (the record as sent, or the input tensor row) and the prediction. Lines are written by a
/// background task, so a request never waits for the disk.
/// </summary>
internal sealed class PredictionLog : IAsyncDisposable
{
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream _file;
    private readonly Task _writer;

    public PredictionLog(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _file = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Queues one line per row of <paramref name="result"/>; <paramref name="writeInput"/> writes row i's input value.</summary>
    public void Append(ServedModel model, string endpoint, string? id, BatchResult result, Action<Utf8JsonWriter, int> writeInput)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * result.Count);
        string time = DateTime.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        for (int row = 0; row < result.Count; row++)
        {
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("time", time);
                w.WriteString("model", model.Name);
                w.WriteString("version", model.Version);
                w.WriteString("endpoint", endpoint);
                if (id is not null)
                    w.WriteString("id", id);
                w.WriteNumber("row", row);
                w.WritePropertyName("input");
                writeInput(w, row);
                PredictionJson.WriteRow(w, result, row);
                w.WriteEndObject();
            }
            buffer.Write("\n"u8);
        }
        _lines.Writer.TryWrite(buffer.WrittenSpan.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var lines))
                await _file.WriteAsync(lines).ConfigureAwait(false);
            await _file.FlushAsync().ConfigureAwait(false);
        }
    }
}
