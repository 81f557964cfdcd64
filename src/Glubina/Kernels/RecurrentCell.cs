namespace Glubina.Kernels;

/// <summary>The cell a recurrent layer runs at each step; decides the gate count and the gate kernels.</summary>
internal enum RecurrentCell
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
