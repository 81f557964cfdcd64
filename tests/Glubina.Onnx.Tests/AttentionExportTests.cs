using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Onnx.Tests;

public sealed class AttentionExportTests
{
    [Fact]
    public void Multihead_self_attention_matches_in_both_layouts()
    {
        OnnxCheck.Matches(new MultiheadAttention(8, 2, batchFirst: true), [5, 8], 1e-4);
        OnnxCheck.Matches(new MultiheadAttention(8, 4, bias: false), [3, 8], 1e-4, batches: [1, 4]);
    }

    [Fact]
    public void Transformer_encoder_with_positions_matches_for_any_sequence_length()
    {
        var encoder = new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, dropout: 0.1, batchFirst: true), 2, new LayerNorm(8));
        var model = new Sequential(new Linear(3, 8), new SinusoidalPositionalEncoding(8, maxLen: 50, batchFirst: true), encoder,
            new Flatten(), new Linear(8 * 6, 2));
        OnnxCheck.Matches(model, [6, 3], 1e-4);
        var dynamic = new Sequential(new Linear(3, 8), new LearnedPositionalEncoding(8, 20, batchFirst: false),
            new TransformerEncoderLayer(8, 4, 12, activation: "gelu", normFirst: true));
        OnnxCheck.Matches(dynamic, [4, 3], 1e-4);
    }

    [Fact]
    public void Causal_language_model_matches()
    {
        var lm = new CausalLanguageModel(vocabSize: 11, dModel: 8, numHeads: 2, numLayers: 2, maxLength: 12, dropout: 0.1);
        var generator = new Generator(4);
        OnnxCheck.Matches(lm, [-1], 1e-4, makeInput: shape => Tensor.RandInt(0, 11, shape, generator), dynamicSize: 7);
        var tied = new CausalLanguageModel(11, 8, 2, 1, 12, learnedPositions: false, tieWeights: true);
        OnnxCheck.Matches(tied, [5], 1e-4, makeInput: shape => Tensor.RandInt(0, 11, shape, generator));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Recurrent_language_model_matches(string cell)
    {
        var lm = new RecurrentLanguageModel(vocabSize: 13, embeddingDim: 6, hiddenSize: 10, numLayers: 2, cell: cell, dropout: 0.1);
        var generator = new Generator(5);
        OnnxCheck.Matches(lm, [-1], 1e-4, makeInput: shape => Tensor.RandInt(0, 13, shape, generator), dynamicSize: 9);
    }
}
