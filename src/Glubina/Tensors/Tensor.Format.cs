using System.Globalization;
using System.Text;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    // Above this many elements only the first and last few of each dim are printed, as PyTorch does.
    private const int SummarizeThreshold = 1000;
    private const int EdgeItems = 3;

    /// <summary>PyTorch-style text: values (abbreviated when large), shape, dtype and grad status.</summary>
    public override string ToString()
    {
        if (IsDisposed || Storage.IsReleased)
            return $"tensor(<disposed>, shape={ShapeMath.Format(_shape)}, dtype={DType.Name()})";
        var sb = new StringBuilder("tensor(");
        bool summarize = Numel > SummarizeThreshold;
        double[] values = ToDoubleArray();
        string format = ChooseFormat(values);
        AppendDim(sb, values, 0, 0, summarize, format, indent: 7);
        sb.Append(", shape=").Append(ShapeMath.Format(_shape)).Append(", dtype=").Append(DType.Name());
        if (GradFn is not null)
            sb.Append(", grad_fn=").Append(GradFn.Name);
        else if (RequiresGrad)
            sb.Append(", requires_grad=true");
        return sb.Append(')').ToString();
    }

    private string ChooseFormat(double[] values)
    {
        if (DType is DType.Int64 or DType.Bool)
            return "int";
        double max = 0;
        bool allIntegers = true;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
                max = Math.Max(max, Math.Abs(v));
            allIntegers &= v == Math.Floor(v) || !double.IsFinite(v);
        }
        if (max >= 1e8 || (max < 1e-4 && max > 0))
            return "E4";
        return allIntegers ? "F0" : "F4";
    }

    private void AppendDim(StringBuilder sb, double[] values, int dim, int start, bool summarize, string format, int indent)
    {
        if (Rank == 0)
        {
            AppendValue(sb, values[0], format);
            return;
        }
        int size = _shape[dim];
        int block = 1;
        for (int d = dim + 1; d < Rank; d++)
            block *= _shape[d];
        sb.Append('[');
        for (int i = 0; i < size; i++)
        {
            if (summarize && size > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append(dim == Rank - 1 ? "..., " : "...,\n" + new string(' ', indent + dim + 1));
                i = size - EdgeItems;
            }
            if (dim == Rank - 1)
                AppendValue(sb, values[start + i], format);
            else
                AppendDim(sb, values, dim + 1, start + i * block, summarize, format, indent);
            if (i < size - 1)
                sb.Append(dim == Rank - 1 ? ", " : ",\n" + new string(' ', indent + dim + 1));
        }
        sb.Append(']');
    }

    private void AppendValue(StringBuilder sb, double v, string format)
    {
        if (DType == DType.Bool)
            sb.Append(v != 0 ? "true" : "false");
        else if (format == "int")
            sb.Append(((long)v).ToString(CultureInfo.InvariantCulture));
        else if (format == "F0")
            sb.Append(v.ToString("F0", CultureInfo.InvariantCulture)).Append('.');
        else
            sb.Append(v.ToString(format, CultureInfo.InvariantCulture));
    }
}
