using System.Globalization;
using System.Net;
using System.Text;

namespace Glubina.Reports;

/// <summary>A small HTML writer: every piece of text goes through <c>WebUtility.HtmlEncode</c>, so no user
/// string (a title, a column name, a class label) can add markup to the page.</summary>
internal sealed class Html
{
    private readonly StringBuilder _sb = new();

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Appends trusted markup written by this library (never user text).</summary>
    public Html Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>Appends an element holding encoded <paramref name="text"/>.</summary>
    public Html Element(string tag, string? text, string? cssClass = null)
    {
        _sb.Append('<').Append(tag);
        if (cssClass is not null)
            _sb.Append(" class=\"").Append(cssClass).Append('"');
        _sb.Append('>').Append(Encode(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>Starts a section with an id (for the table of contents) and an encoded heading.</summary>
    public Html Section(string id, string heading)
    {
        _sb.Append("<section id=\"").Append(id).Append("\">\n");
        return Element("h2", heading);
    }

    public Html EndSection() => Raw("</section>\n");

    /// <summary>A table of encoded cells; the first row is the header. Cells that look numeric are right-aligned.</summary>
    public Html Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? cssClass = null)
    {
        _sb.Append(cssClass is null ? "<table>\n<thead><tr>" : $"<table class=\"{cssClass}\">\n<thead><tr>");
        foreach (string h in header)
            _sb.Append("<th>").Append(Encode(h)).Append("</th>");
        _sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _sb.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                bool number = i > 0 && double.TryParse(row[i].TrimEnd('%'), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _);
                _sb.Append(number ? "<td class=\"num\">" : "<td>").Append(Encode(row[i])).Append("</td>");
            }
            _sb.Append("</tr>\n");
        }
        _sb.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>An embedded PNG (a base64 data: URI) with an encoded caption.</summary>
    public Html Figure(ReportPlot plot)
    {
        _sb.Append("<figure><img alt=\"").Append(Encode(plot.Caption)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(plot.Png)).Append("\"><figcaption>").Append(Encode(plot.Caption))
            .Append(" <span class=\"file\">(").Append(Encode(plot.FileName)).Append(")</span></figcaption></figure>\n");
        return this;
    }

    public override string ToString() => _sb.ToString();
}
