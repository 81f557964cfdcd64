using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Learned absolute position embeddings (GPT-style): a parameter <c>weight</c> [maxLen, dModel] whose first S rows
/// are added to the input, then dropout. Input [S, N, E] or [N, S, E] with <c>batchFirst</c> → the same shape.
/// </summary>
public sealed class LearnedPositionalEncoding : Module, IConfigurable<LearnedPositionalEncoding, LearnedPositionalEncodingConfig>
{
    private readonly Dropout _dropout;

    /// <param name="dModel">E.</param>
    /// <param name="maxLen">Longest sequence.</param>
    /// <param name="dropout">Dropout after the addition.</param>
    /// <param name="batchFirst">Inputs are [N, S, E].</param>
    /// <param name="std">Initial weights are N(0, std²) (GPT-2 uses 0.02; nn.Embedding's default is 1).</param>
    /// <param name="generator">Initialisation and dropout masks.</param>
    /// <param name="dtype">Parameter dtype.</param>
    public LearnedPositionalEncoding(int dModel, int maxLen, double dropout = 0.1, bool batchFirst = false, double std = 0.02,
        Generator? generator = null, DType? dtype = null)
    {
        if (dModel <= 0 || maxLen <= 0)
            throw new ArgumentException($"LearnedPositionalEncoding: d_model and max_len must be positive, got {dModel} and {maxLen}.");
        DModel = dModel;
        MaxLen = maxLen;
        BatchFirst = batchFirst;
        Weight = RegisterParameter("weight", Tensor.Zeros([maxLen, dModel], dtype));
        Init.Normal(Weight, 0, std, generator);
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

    /// <summary>[maxLen, dModel].</summary>
    public Tensor Weight { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public LearnedPositionalEncodingConfig Config => new(DModel, MaxLen, DropoutP, BatchFirst);

    /// <summary>A new layer from its arguments.</summary>
    public static LearnedPositionalEncoding FromConfig(LearnedPositionalEncodingConfig c) => new(c.DModel, c.MaxLen, c.Dropout, c.BatchFirst);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 3 || input.Shape[2] != DModel)
            throw new ArgumentException(
                $"LearnedPositionalEncoding(d_model={DModel}): input must be {(BatchFirst ? "[N, S, E]" : "[S, N, E]")} with E = {DModel}, got {ShapeMath.Format(input.Shape)}.");
        int s = BatchFirst ? input.Shape[1] : input.Shape[0];
        if (s > MaxLen)
            throw new ArgumentException($"LearnedPositionalEncoding: sequence length {s} exceeds max_len {MaxLen}.");
        Tensor pe = Weight.Narrow(0, 0, s);
        return _dropout.Call(input.Add(BatchFirst ? pe : pe.Unsqueeze(1)));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"d_model={DModel}, max_len={MaxLen}";
}

/// <summary>The arguments of <see cref="LearnedPositionalEncoding"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record LearnedPositionalEncodingConfig(int DModel, int MaxLen, double Dropout = 0.1, bool BatchFirst = false);
