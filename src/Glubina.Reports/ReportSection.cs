namespace Glubina.Reports;

/// <summary>A free-form section appended to a report (for example the resolved configuration or a data
/// inspection). The body is HTML-encoded when written, never interpreted as markup.</summary>
/// <param name="Title">Heading of the section.</param>
/// <param name="Body">Text of the section.</param>
/// <param name="Preformatted">True to keep line breaks and spacing (a fixed-width block, for tables of text);
/// false for a paragraph.</param>
public sealed record ReportSection(string Title, string Body, bool Preformatted = true);
