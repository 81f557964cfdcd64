using Glubina.Nn;
using Glubina.Serialization;

namespace Glubina.Tests.Serialization;

/// <summary>Every layer type a spec can name survives describe → build → describe with the same state-dict keys.</summary>
public sealed class LayerRegistryTests
{
    [Theory]
    [InlineData("""{"type":"Conv2d","in_channels":3,"out_channels":8,"kernel_size":3,"padding":"same"}""")]
    [InlineData("""{"type":"Conv1d","in_channels":4,"out_channels":6,"kernel_size":5,"stride":2}""")]
    [InlineData("""{"type":"MaxPool2d","kernel_size":2}""")]
    [InlineData("""{"type":"AvgPool1d","kernel_size":3,"stride":2}""")]
    [InlineData("""{"type":"AdaptiveAvgPool2d","output_size":[1,1]}""")]
    [InlineData("""{"type":"BatchNorm2d","num_features":8}""")]
    [InlineData("""{"type":"GroupNorm","num_groups":2,"num_channels":8}""")]
    [InlineData("""{"type":"Dropout2d","p":0.2}""")]
    [InlineData("""{"type":"Upsample","scale_factor":2}""")]
    [InlineData("""{"type":"Embedding","num_embeddings":50,"embedding_dim":8,"padding_idx":0}""")]
    [InlineData("""{"type":"Lstm","input_size":8,"hidden_size":16,"num_layers":2,"bidirectional":true,"batch_first":true}""")]
    [InlineData("""{"type":"Gru","input_size":8,"hidden_size":16}""")]
    [InlineData("""{"type":"Rnn","input_size":8,"hidden_size":16,"nonlinearity":"relu"}""")]
    [InlineData("""{"type":"MultiheadAttention","embed_dim":16,"num_heads":4,"batch_first":true}""")]
    [InlineData("""{"type":"TransformerEncoder","d_model":16,"nhead":4,"dim_feedforward":32,"num_layers":2,"norm_first":true,"final_norm":true}""")]
    [InlineData("""{"type":"SinusoidalPositionalEncoding","d_model":16}""")]
    [InlineData("""{"type":"CausalLanguageModel","vocab_size":30,"d_model":16,"num_heads":2,"num_layers":1,"max_length":12,"dim_feedforward":32}""")]
    [InlineData("""{"type":"ResNet","blocks_per_stage":[1,1],"num_classes":10,"base_width":8}""")]
    public void Layer_descriptions_round_trip(string layer)
    {
        var spec = ModelSpec.Parse($$"""{"layers":[{{layer}}]}""");
        Sequential built = spec.Build();
        string described = ModelSpec.FromModule(built).ToJsonString();
        Sequential rebuilt = ModelSpec.Parse(described).Build();
        Assert.Equal(described, ModelSpec.FromModule(rebuilt).ToJsonString());
        Assert.Equal(built.StateDict().Keys, rebuilt.StateDict().Keys);
        Assert.Equal(built.StateDict().Values.Select(t => t.ShapeArray()), rebuilt.StateDict().Values.Select(t => t.ShapeArray()));
    }
}
