namespace Glubina.Data.Preprocessing;

/// <summary>One step of a <see cref="ColumnPipeline"/>: a transformer applied to the named columns (one entry of
/// sklearn's <c>ColumnTransformer.transformers</c>).</summary>
/// <param name="Name">Step name, used in messages and as the verbose feature-name prefix ("num__age").</param>
/// <param name="Transformer">The transformer, often a <see cref="Pipeline"/>; its outputs must be numeric.</param>
/// <param name="Columns">The input columns, in the order the transformer sees them.</param>
public sealed record ColumnStep(string Name, TableTransformer Transformer, IReadOnlyList<string> Columns);
