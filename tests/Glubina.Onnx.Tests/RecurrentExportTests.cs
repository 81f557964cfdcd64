using Glubina.Nn;

namespace Glubina.Onnx.Tests;

public sealed class RecurrentExportTests
{
    [Fact]
    public void Lstm_sequence_output_matches()
    {
        OnnxCheck.Matches(new Sequential(new Lstm(3, 5), new Linear(5, 2)), [4, 3], 1e-4);
    }

    [Fact]
    public void Bidirectional_two_layer_batch_first_lstm_matches()
    {
        var model = new Sequential(new Lstm(3, 4, numLayers: 2, batchFirst: true, bidirectional: true), new Linear(8, 2));
        OnnxCheck.Matches(model, [-1, 3], 1e-4, dynamicSize: 7);
    }

    [Fact]
    public void Lstm_last_state_matches()
    {
        var model = new Sequential(new RnnLastState(new Lstm(3, 4, numLayers: 2, batchFirst: true, bidirectional: true)), new Linear(8, 2));
        OnnxCheck.Matches(model, [6, 3], 1e-4);
        OnnxCheck.Matches(new RnnLastState(new Lstm(3, 4, batchFirst: true)), [6, 3], 1e-4);
    }

    [Fact]
    public void Gru_single_bidirectional_and_multi_layer_match()
    {
        OnnxCheck.Matches(new Sequential(new Gru(3, 5), new Linear(5, 2)), [4, 3], 1e-4);
        OnnxCheck.Matches(new Gru(3, 4, numLayers: 3, batchFirst: true, bidirectional: true), [5, 3], 1e-4);
        OnnxCheck.Matches(new RnnLastState(new Gru(3, 4, numLayers: 2, batchFirst: true, bidirectional: true)), [5, 3], 1e-4);
    }

    [Fact]
    public void Plain_rnn_with_tanh_and_relu_matches()
    {
        OnnxCheck.Matches(new Rnn(3, 4, numLayers: 2, batchFirst: true), [5, 3], 1e-4);
        OnnxCheck.Matches(new Rnn(3, 4, nonlinearity: "relu", bidirectional: true, bias: false), [5, 3], 1e-4);
    }
}
