using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Fixed sinusoidal position encodings ("Attention Is All You Need", PyTorch's transformer tutorial):
/// pe[pos, 2i] = sin(pos / 10000^(2i/d)), pe[pos, 2i+1] = cos(pos / 10000^(2i/d)), added to the input, then dropout.
/// Input [S, N, E] (the tutorial's layout) or [N, S, E] with <c>batchFirst</c> → the same shape, S ≤ maxLen.
/// The table is a constant, not part of the state dict (the tutorial's persistent <c>pe</c> buffer is not needed:
/// load such a state dict with <c>strict: false</c>).
/// </summary>
public sealed class SinusoidalPositionalEncoding : Module, IConfigurable<SinusoidalPositionalEncoding, SinusoidalPositionalEncodingConfig>
{
    private readonly Tensor _pe;   // [maxLen, dModel] float32
    private readonly Dropout _dropout;

    /// <summary>Builds the table for positions 0..maxLen−1.</summary>
    /// <param name="dModel">E, the embedding size.</param>
    /// <param name="dropout">Dropout probability after the addition.</param>
    /// <param name="maxLen">Longest sequence.</param>
    /// <param name="batchFirst">Inputs are [N, S, E].</param>
    /// <param name="generator">Dropout masks.</param>
    /// <exception cref="ArgumentException">dModel or maxLen is not positive.</exception>
    public SinusoidalPositionalEncoding(int dModel, double dropout = 0.1, int maxLen = 5000, bool batchFirst = false,
        Generator? generator = null)
    {
        if (dModel <= 0 || maxLen <= 0)
            throw new ArgumentException($"SinusoidalPositionalEncoding: d_model and max_len must be positive, got {dModel} and {maxLen}.");
        DModel = dModel;
        MaxLen = maxLen;
        BatchFirst = batchFirst;
        var table = new float[maxLen * dModel];
        for (int pos = 0; pos < maxLen; pos++)
            for (int i = 0; i < dModel; i += 2)
            {
                // As the tutorial: div_term = exp(2i·(−ln 10000 / d)) in float32, the angle pos·div_term in float32.
                float divTerm = MathF.Exp(i * (float)(-Math.Log(10000.0) / dModel));
                float angle = pos * divTerm;
                table[pos * dModel + i] = MathF.Sin(angle);
                if (i + 1 < dModel)
                    table[pos * dModel + i + 1] = MathF.Cos(angle);
            }
        _pe = Tensor.FromArray(table, maxLen, dModel);
        TensorScope.Release(_pe);
        _dropout = RegisterModule("dropout", new Dropout(dropout, generator));
    }

    /// <summary>Embedding size E of the input's last dim.</summary>
    public int DModel { get; }

    /// <summary>Longest sequence the table covers; longer inputs throw.</summary>
    public int MaxLen { get; }

    /// <summary>Dropout probability after the addition.</summary>
    public double DropoutP => _dropout.P;

    /// <summary>True when inputs are [N, S, E], false for [S, N, E].</summary>
    public bool BatchFirst { get; }

    /// <summary>The encoding table [maxLen, dModel] (float32).</summary>
    public Tensor Table => _pe;

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public SinusoidalPositionalEncodingConfig Config => new(DModel, DropoutP, MaxLen, BatchFirst);

    /// <summary>A new layer from its arguments.</summary>
    public static SinusoidalPositionalEncoding FromConfig(SinusoidalPositionalEncodingConfig c) => new(c.DModel, c.Dropout, c.MaxLen, c.BatchFirst);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 3 || input.Shape[2] != DModel)
            throw new ArgumentException(
                $"SinusoidalPositionalEncoding(d_model={DModel}): input must be {(BatchFirst ? "[N, S, E]" : "[S, N, E]")} with E = {DModel}, got {ShapeMath.Format(input.Shape)}.");
        int s = BatchFirst ? input.Shape[1] : input.Shape[0];
        if (s > MaxLen)
            throw new ArgumentException($"SinusoidalPositionalEncoding: sequence length {s} exceeds max_len {MaxLen}.");
        Tensor pe = _pe.Narrow(0, 0, s);
        if (input.DType != pe.DType)
            pe = pe.To(input.DType);
        return _dropout.Call(input.Add(BatchFirst ? pe : pe.Unsqueeze(1)));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"d_model={DModel}, max_len={MaxLen}";
}

/// <summary>The arguments of <see cref="SinusoidalPositionalEncoding"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record SinusoidalPositionalEncodingConfig(int DModel, double Dropout = 0.1, int MaxLen = 5000, bool BatchFirst = false);
