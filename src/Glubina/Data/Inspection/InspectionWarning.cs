namespace Glubina.Data.Inspection;

/// <summary>One problem found by <see cref="DataInspector"/>.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Column">The column concerned.</param>
/// <param name="Message">A sentence for a person: what was found and what to do.</param>
public sealed record InspectionWarning(InspectionWarningKind Kind, string Column, string Message);
