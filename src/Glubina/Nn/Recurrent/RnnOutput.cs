using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// What a recurrent layer returns: <paramref name="Output"/> [T, N, D·H] (batch-first: [N, T, D·H]; unbatched:
/// [T, D·H]) with zeros at padded steps; <paramref name="HN"/> the final hidden state [L·D, N, H] (each
/// sequence's state at its own last step); <paramref name="CN"/> the LSTM's final cell state, same shape (null
/// for RNN and GRU). D is 2 for bidirectional layers, L the number of layers.
/// </summary>
public sealed record RnnOutput(Tensor Output, Tensor HN, Tensor? CN);
