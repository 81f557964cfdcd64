using System.Buffers;
using System.Numerics;
using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>
/// One direction of one recurrent layer (RNN, LSTM or GRU) over a whole sequence as a single primitive op with a
/// hand-written backward through time. The input projection of every step is one GEMM; each step is one GEMM
/// for the hidden projection and a fused gate kernel. The backward collects the gate gradients of all steps and
/// finishes with three GEMMs (dx, dW_ih, dW_hh). The one output packs the sequence and the final states so the
/// op stays a single node: [T + 1, N, H] (RNN, GRU: outputs, h_T) or [T + 2, N, H] (LSTM: outputs, h_T, c_T).
/// </summary>
internal static class RecurrentOps
{
    // x: [T,N,in], h0: [N,H], c0: [N,H] (LSTM), wIh: [G·H,in], wHh: [G·H,H], bIh, bHh: [G·H]
    //   → [T+1 or T+2, N, H]; lengths: [N] or null (steps t ≥ lengths[b] leave b's state alone and output 0)
    public static Tensor Layer(RecurrentCell cell, Tensor x, Tensor h0, Tensor? c0, Tensor wIh, Tensor wHh,
        Tensor? bIh, Tensor? bHh, int[]? lengths, bool reverse)
    {
        int steps = x.Size(0), batch = x.Size(1), inputSize = x.Size(2), hidden = h0.Size(1);
        int gates = cell.GateCount() * hidden;
        bool lstm = cell == RecurrentCell.Lstm;
        var inputs = new List<Tensor> { x, h0 };
        if (lstm)
            inputs.Add(c0 ?? throw new ArgumentNullException(nameof(c0)));
        inputs.Add(wIh);
        inputs.Add(wHh);
        if (bIh is not null)
            inputs.Add(bIh);
        if (bHh is not null)
            inputs.Add(bHh);
        Tensor[] inputArray = [.. inputs];
        bool record = Node.ShouldRecord(inputArray);
        var state = new State(cell, steps, batch, inputSize, hidden, gates, lengths, reverse)
        {
            X = CopyOps.Contiguous(x.Detach()),
            WIh = wIh.Detach().Contiguous(),
            WHh = wHh.Detach().Contiguous(),
        };
        Tensor y = Tensor.Empty(x.DType, [steps + (lstm ? 2 : 1), batch, hidden]);
        DTypeDispatch.Float(x.DType, new ForwardBody(state, h0, c0, bIh, bHh, y));
        if (!record)
        {
            state.Release();
            return y;
        }
        return Node.Record(y, new RecurrentNode(inputArray, state, lstm, bIh is not null, bHh is not null));
    }

    /// <summary>What forward keeps for backward (pooled arrays, returned when the node is released).</summary>
    private sealed class State(RecurrentCell cell, int steps, int batch, int inputSize, int hidden, int gates, int[]? lengths, bool reverse)
    {
        public readonly RecurrentCell Cell = cell;
        public readonly int Steps = steps, Batch = batch, InputSize = inputSize, Hidden = hidden, Gates = gates;
        public readonly int[]? Lengths = lengths;
        public readonly bool Reverse = reverse;
        public required Tensor X, WIh, WHh;
        public Array? Act;      // [T,N,G·H] activated gates (RNN: h_new)
        public Array? HPrev;    // [T,N,H] state before the step at time t
        public Array? CPrev;    // [T,N,H] LSTM cell state before the step
        public Array? Hn;       // [T,N,H] GRU: W_hn·h + b_hn
        public Tensor? BHh;     // GRU: b_hh (its n part is needed outside the gate sum)

        public bool Active(int b, int t) => Lengths is null || t < Lengths[b];

        public int Time(int s) => Reverse ? Steps - 1 - s : s;

        public void Release()
        {
            Return(ref Act);
            Return(ref HPrev);
            Return(ref CPrev);
            Return(ref Hn);
        }

        private static void Return(ref Array? a)
        {
            switch (a)
            {
                case float[] f: ArrayPool<float>.Shared.Return(f); break;
                case double[] d: ArrayPool<double>.Shared.Return(d); break;
            }
            a = null;
        }
    }

    private static T[] Rent<T>(int n) => ArrayPool<T>.Shared.Rent(Math.Max(n, 1));

    private readonly struct ForwardBody(State s, Tensor h0, Tensor? c0, Tensor? bIh, Tensor? bHh, Tensor y) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T> => Forward<T>(s, h0, c0, bIh, bHh, y);
    }

    private static void Forward<T>(State s, Tensor h0, Tensor? c0, Tensor? bIh, Tensor? bHh, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int tn = s.Steps * s.Batch, hid = s.Hidden, g = s.Gates, n = s.Batch;
        bool lstm = s.Cell == RecurrentCell.Lstm, gru = s.Cell == RecurrentCell.Gru, relu = s.Cell == RecurrentCell.RnnRelu;
        T[] act = Rent<T>(tn * g), hPrev = Rent<T>(tn * hid);
        T[]? cPrev = lstm ? Rent<T>(tn * hid) : null, hn = gru ? Rent<T>(tn * hid) : null;
        s.Act = act;
        s.HPrev = hPrev;
        s.CPrev = cPrev;
        s.Hn = hn;

        // Every step's input projection at once: act = bias rows, then += X·W_ihᵀ.
        Span<T> pre = act.AsSpan(0, tn * g);
        T[] bias = new T[g];
        if (bIh is not null)
            bIh.Detach().Contiguous().ContiguousSpan<T>().CopyTo(bias);
        ReadOnlySpan<T> bHhSpan = default;
        if (bHh is not null)
        {
            Tensor bh = bHh.Detach().Contiguous();
            if (gru)
            {
                s.BHh = bh;
                bHhSpan = bh.ContiguousSpan<T>();
            }
            else
                System.Numerics.Tensors.TensorPrimitives.Add<T>(bias, bh.ContiguousSpan<T>(), bias);
        }
        for (int r = 0; r < tn; r++)
            bias.CopyTo(pre.Slice(r * g, g));
        Gemm.Multiply<T>(tn, g, s.InputSize, s.X.ContiguousSpan<T>(), s.InputSize, 1,
            s.WIh.ContiguousSpan<T>(), 1, s.InputSize, pre, g, accumulate: true);

        Span<T> outAll = y.ContiguousSpan<T>();
        Span<T> h = outAll.Slice(s.Steps * n * hid, n * hid);               // the running state lives in y's h_T slot
        Span<T> c = lstm ? outAll.Slice((s.Steps + 1) * n * hid, n * hid) : default;
        h0.Detach().Contiguous().ContiguousSpan<T>().CopyTo(h);
        if (lstm)
            c0!.Detach().Contiguous().ContiguousSpan<T>().CopyTo(c);
        T[] hp = gru ? Rent<T>(n * g) : [];
        ReadOnlySpan<T> wHh = s.WHh.ContiguousSpan<T>();
        for (int step = 0; step < s.Steps; step++)
        {
            int t = s.Time(step);
            h.CopyTo(hPrev.AsSpan(t * n * hid, n * hid));
            if (lstm)
                c.CopyTo(cPrev.AsSpan(t * n * hid, n * hid));
            Span<T> gt = pre.Slice(t * n * g, n * g);
            if (gru)
                Gemm.Multiply<T>(n, g, hid, h, hid, 1, wHh, 1, hid, hp, g, accumulate: false);
            else
                Gemm.Multiply<T>(n, g, hid, h, hid, 1, wHh, 1, hid, gt, g, accumulate: true);
            Span<T> yt = outAll.Slice(t * n * hid, n * hid);
            for (int b = 0; b < n; b++)
            {
                Span<T> yRow = yt.Slice(b * hid, hid);
                if (!s.Active(b, t))
                {
                    yRow.Clear();
                    continue;
                }
                Span<T> gRow = gt.Slice(b * g, g), hRow = h.Slice(b * hid, hid);
                switch (s.Cell)
                {
                    case RecurrentCell.Lstm:
                        RecurrentKernels.LstmForward(gRow, c.Slice(b * hid, hid), hRow);
                        break;
                    case RecurrentCell.Gru:
                        RecurrentKernels.GruForward(gRow, hp.AsSpan(b * g, g), bHhSpan, hn.AsSpan((t * n + b) * hid, hid), hRow);
                        break;
                    default:
                        RecurrentKernels.RnnForward<T>(gRow, hRow, relu);
                        hRow.CopyTo(gRow);      // the plain RNN's backward needs h_new
                        break;
                }
                hRow.CopyTo(yRow);
            }
        }
        if (gru)
            ArrayPool<T>.Shared.Return(hp);
    }

    private sealed class RecurrentNode(Tensor[] inputs, State state, bool lstm, bool hasBIh, bool hasBHh) : Node(inputs)
    {
        private readonly SavedTensor _x = new(state.X), _wIh = new(state.WIh), _wHh = new(state.WHh);

        public override string Name => state.Cell.OpName();

        internal override void Release()
        {
            base.Release();
            state.Release();
        }

        protected override Tensor?[] Backward(Tensor gradOutput)
        {
            Tensor x = _x.Get(Name), wIh = _wIh.Get(Name), wHh = _wHh.Get(Name);
            Tensor g = gradOutput.Contiguous();
            var grads = new Tensor?[Inputs.Length];
            DTypeDispatch.Float(g.DType, new BackwardBody(this, g, x, wIh, wHh, grads));
            return grads;
        }

        private readonly struct BackwardBody(RecurrentNode node, Tensor g, Tensor x, Tensor wIh, Tensor wHh, Tensor?[] grads) : IFloatBody
        {
            public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T> => node.Run<T>(g, x, wIh, wHh, grads);
        }

        private void Run<T>(Tensor gradOutput, Tensor x, Tensor wIh, Tensor wHh, Tensor?[] grads)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            State s = state;
            int n = s.Batch, hid = s.Hidden, gw = s.Gates, tn = s.Steps * n;
            bool gru = s.Cell == RecurrentCell.Gru, relu = s.Cell == RecurrentCell.RnnRelu;
            T[] act = (T[])s.Act!, hPrev = (T[])s.HPrev!;
            T[]? cPrev = (T[]?)s.CPrev, hn = (T[]?)s.Hn;
            ReadOnlySpan<T> g = gradOutput.ContiguousSpan<T>();
            DType dtype = gradOutput.DType;

            Tensor dh0 = Tensor.Empty(dtype, [n, hid]);
            Tensor? dc0 = lstm ? Tensor.Empty(dtype, [n, hid]) : null;
            Span<T> dh = dh0.ContiguousSpan<T>(), dc = lstm ? dc0!.ContiguousSpan<T>() : default;
            g.Slice(s.Steps * n * hid, n * hid).CopyTo(dh);
            if (lstm)
                g.Slice((s.Steps + 1) * n * hid, n * hid).CopyTo(dc);

            T[] dGx = Rent<T>(tn * gw);
            T[]? dGhArray = gru ? Rent<T>(tn * gw) : null;
            T[] dhNew = Rent<T>(n * hid), direct = gru ? Rent<T>(n * hid) : [], scratch = Rent<T>(hid);
            ReadOnlySpan<T> wHhSpan = wHh.ContiguousSpan<T>();
            try
            {
                for (int step = s.Steps - 1; step >= 0; step--)
                {
                    int t = s.Time(step);
                    Span<T> dgx = dGx.AsSpan(t * n * gw, n * gw);
                    Span<T> dgh = gru ? dGhArray.AsSpan(t * n * gw, n * gw) : dgx;
                    for (int b = 0; b < n; b++)
                    {
                        int row = t * n + b;
                        if (!s.Active(b, t))
                        {
                            dgx.Slice(b * gw, gw).Clear();
                            if (gru)
                                dgh.Slice(b * gw, gw).Clear();
                            continue;
                        }
                        Span<T> dhRow = dh.Slice(b * hid, hid);
                        System.Numerics.Tensors.TensorPrimitives.Add(dhRow, g.Slice(row * hid, hid), dhRow);
                        ReadOnlySpan<T> a = act.AsSpan(row * gw, gw);
                        switch (s.Cell)
                        {
                            case RecurrentCell.Lstm:
                                RecurrentKernels.LstmBackward<T>(a, cPrev.AsSpan(row * hid, hid), dhRow, dc.Slice(b * hid, hid),
                                    scratch.AsSpan(0, hid), dgx.Slice(b * gw, gw));
                                break;
                            case RecurrentCell.Gru:
                                RecurrentKernels.GruBackward<T>(a, hn.AsSpan(row * hid, hid), hPrev.AsSpan(row * hid, hid), dhRow,
                                    direct.AsSpan(b * hid, hid), dgx.Slice(b * gw, gw), dgh.Slice(b * gw, gw));
                                break;
                            default:
                                RecurrentKernels.RnnBackward<T>(a, dhRow, dgx.Slice(b * gw, gw), relu);
                                break;
                        }
                    }
                    // dh_prev = dGh·W_hh for the rows that stepped; the others carry dh through unchanged.
                    Gemm.Multiply<T>(n, hid, gw, dgh, gw, 1, wHhSpan, hid, 1, dhNew, hid, accumulate: false);
                    for (int b = 0; b < n; b++)
                    {
                        if (!s.Active(b, t))
                            continue;
                        Span<T> dhRow = dh.Slice(b * hid, hid);
                        dhNew.AsSpan(b * hid, hid).CopyTo(dhRow);
                        if (gru)
                            System.Numerics.Tensors.TensorPrimitives.Add<T>(dhRow, direct.AsSpan(b * hid, hid), dhRow);
                    }
                }

                ReadOnlySpan<T> dgxAll = dGx.AsSpan(0, tn * gw), dghAll = gru ? dGhArray.AsSpan(0, tn * gw) : dgxAll;
                int k = 0;
                if (NeedsGrad(k))
                {
                    Tensor dx = Tensor.Empty(dtype, [s.Steps, n, s.InputSize]);
                    Gemm.Multiply<T>(tn, s.InputSize, gw, dgxAll, gw, 1, wIh.ContiguousSpan<T>(), s.InputSize, 1,
                        dx.ContiguousSpan<T>(), s.InputSize, accumulate: false);
                    grads[k] = dx;
                }
                k++;
                grads[k++] = NeedsGrad(1) ? dh0 : null;
                if (lstm)
                    grads[k++] = NeedsGrad(2) ? dc0 : null;
                if (NeedsGrad(k))
                {
                    Tensor dw = Tensor.Empty(dtype, [gw, s.InputSize]);
                    // dW_ih = dGxᵀ·X: A is dGx read column-wise.
                    Gemm.Multiply<T>(gw, s.InputSize, tn, dgxAll, 1, gw, x.ContiguousSpan<T>(), s.InputSize, 1,
                        dw.ContiguousSpan<T>(), s.InputSize, accumulate: false);
                    grads[k] = dw;
                }
                k++;
                if (NeedsGrad(k))
                {
                    Tensor dw = Tensor.Empty(dtype, [gw, hid]);
                    Gemm.Multiply<T>(gw, hid, tn, dghAll, 1, gw, hPrev.AsSpan(0, tn * hid), hid, 1,
                        dw.ContiguousSpan<T>(), hid, accumulate: false);
                    grads[k] = dw;
                }
                k++;
                if (hasBIh)
                {
                    if (NeedsGrad(k))
                        grads[k] = ColumnSums<T>(dgxAll, tn, gw, dtype);
                    k++;
                }
                if (hasBHh && NeedsGrad(k))
                    grads[k] = ColumnSums<T>(dghAll, tn, gw, dtype);
            }
            finally
            {
                ArrayPool<T>.Shared.Return(dGx);
                ArrayPool<T>.Shared.Return(dhNew);
                ArrayPool<T>.Shared.Return(scratch);
                if (dGhArray is not null)
                    ArrayPool<T>.Shared.Return(dGhArray);
                if (gru)
                    ArrayPool<T>.Shared.Return(direct);
            }
        }

        private static Tensor ColumnSums<T>(ReadOnlySpan<T> m, int rows, int cols, DType dtype) where T : unmanaged, IFloatingPointIeee754<T>
        {
            Tensor sum = Tensor.Zeros([cols], dtype);
            RecurrentKernels.AddColumnSums(m, rows, cols, sum.ContiguousSpan<T>());
            return sum;
        }
    }
}
