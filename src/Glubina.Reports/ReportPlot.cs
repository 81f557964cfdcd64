namespace Glubina.Reports;

/// <summary>One rendered plot of a report: its PNG bytes, the file it is written to and its caption.</summary>
/// <param name="FileName">File name inside the run folder (e.g. "loss.png").</param>
/// <param name="Caption">What the plot shows.</param>
/// <param name="Png">The PNG image.</param>
internal sealed record ReportPlot(string FileName, string Caption, byte[] Png);
