using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Glubina.Serving.Protocol;

/// <summary>Reads a request body as JSON within the size limit (413 above it) and writes JSON answers.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    /// <summary>How far past the limit a body is still read (and discarded) before answering 413, so that the client
    /// finishes sending, sees the answer and can reuse the connection; Kestrel's own limit is the limit plus this.</summary>
    public const long DrainAllowance = 1024 * 1024;

    /// <summary>The body parsed as JSON; malformed JSON is a 400 naming the line and byte of the fault, a body over
    /// <paramref name="limit"/> a 413.</summary>
    public static async Task<JsonDocument> ReadAsync(HttpContext context, long limit)
    {
        long? declared = context.Request.ContentLength;
        if (declared > limit)
        {
            await DrainAsync(context, limit, 0);
            throw TooLarge(limit, $"{declared} bytes (Content-Length)");
        }
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(declared ?? 16 * 1024, limit) + 1);
        var body = context.Request.Body;
        while (true)
        {
            var span = buffer.GetMemory(16 * 1024);
            int read = await body.ReadAsync(span, context.RequestAborted);
            if (read == 0)
                break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                await DrainAsync(context, limit, buffer.WrittenCount);
                throw TooLarge(limit, "more");
            }
        }
        if (buffer.WrittenCount == 0)
            throw new RequestException(400, "bad_json", "request body: expected a JSON document, got an empty body.");
        try
        {
            return JsonDocument.Parse(buffer.WrittenMemory, s_options);
        }
        catch (JsonException e)
        {
            throw new RequestException(400, "bad_json",
                $"request body: expected valid JSON, got a syntax error at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}");
        }
    }

    /// <summary>Writes <paramref name="write"/>'s JSON as the response with the given status.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Writes <c>{"error": message}</c> with the given status.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });

    // Reads and discards the rest of an oversized body within the allowance; past it, the connection is closed after the answer.
    private static async Task DrainAsync(HttpContext context, long limit, long alreadyRead)
    {
        long budget = limit + DrainAllowance - alreadyRead;
        bool hopeless = context.Request.ContentLength is { } length && length - alreadyRead > budget;
        if (!hopeless)
        {
            try
            {
                var scratch = new byte[16 * 1024];
                int read;
                while (budget >= 0 && (read = await context.Request.Body.ReadAsync(scratch, context.RequestAborted)) > 0)
                    budget -= read;
                if (budget >= 0)
                    return; // the whole body is read: the connection stays usable
            }
            catch (BadHttpRequestException)
            {
                // past Kestrel's own limit
            }
        }
        context.Response.Headers.Connection = "close";
    }

    private static RequestException TooLarge(long limit, string actual) =>
        new(413, "too_large", $"request body: expected at most {limit} bytes, got {actual}.");
}
