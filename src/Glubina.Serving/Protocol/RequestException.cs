using System.Text.Json;

namespace Glubina.Serving.Protocol;

/// <summary>
/// A client's mistake: answered with <see cref="Status"/> and <c>{"error": Message}</c>, counted under
/// <see cref="Kind"/> in the error metrics. Messages name the field, the expected and the actual value.
/// </summary>
internal sealed class RequestException(int status, string kind, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>Error kind for metrics: bad_json, bad_input, not_found, too_large, …</summary>
    public string Kind { get; } = kind;

    public static RequestException BadInput(string message) => new(400, "bad_input", message);

    public static RequestException NotFound(string message) => new(404, "not_found", message);

    /// <summary>A client's text for a message: quoted, and cut to 80 characters so an answer cannot be made huge.</summary>
    public static string Quote(string? text) =>
        text is null ? "null" : text.Length <= 80 ? $"'{text}'" : $"'{text[..80]}…' ({text.Length} characters)";

    /// <summary>A short description of a JSON value for messages: its kind and, when short, its text.</summary>
    public static string Describe(JsonElement value)
    {
        string raw = value.GetRawText();
        string kind = value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => $"an array of {value.GetArrayLength()}",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
        bool showText = value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            && raw.Length <= 40;
        return showText ? $"{kind} {raw}" : kind;
    }
}
