namespace Glubina.Tensors;

/// <summary>The cell a recurrent layer runs at each step (<see cref="Tensor.Recurrent"/>); it decides the gates.</summary>
public enum RecurrentCell
{
    /// <summary>h' = tanh(W_ih x + b_ih + W_hh h + b_hh); one gate.</summary>
    RnnTanh,

    /// <summary>h' = relu(W_ih x + b_ih + W_hh h + b_hh); one gate.</summary>
    RnnRelu,

    /// <summary>PyTorch's LSTM, gates i, f, g, o.</summary>
    Lstm,

    /// <summary>PyTorch's GRU, gates r, z, n with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).</summary>
    Gru,
}

/// <summary>Properties of <see cref="RecurrentCell"/> values.</summary>
public static class RecurrentCellInfo
{
    /// <summary>Gates per cell: 4 for LSTM, 3 for GRU, 1 for the plain RNN; the weights have G·hidden rows.</summary>
    public static int GateCount(this RecurrentCell cell) => cell switch
    {
        RecurrentCell.Lstm => 4,
        RecurrentCell.Gru => 3,
        _ => 1,
    };

    /// <summary>The op's name in messages and the autograd graph: rnn_tanh, rnn_relu, lstm, gru.</summary>
    internal static string OpName(this RecurrentCell cell) => cell switch
    {
        RecurrentCell.Lstm => "lstm",
        RecurrentCell.Gru => "gru",
        RecurrentCell.RnnRelu => "rnn_relu",
        _ => "rnn_tanh",
    };
}
