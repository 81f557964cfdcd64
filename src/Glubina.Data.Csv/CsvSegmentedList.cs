namespace Glubina.Data.Csv;

/// <summary>
/// An append-only list in fixed-size segments: growing never copies what is there (a doubling list touches about
/// three times the final size in memory), and <see cref="ToArray"/> copies once into an exact-size array.
/// </summary>
internal sealed class CsvSegmentedList<T>
{
    private const int SegmentBits = 14;
    private const int SegmentSize = 1 << SegmentBits;

    private readonly List<T[]> _segments = [];
    private T[] _current = [];
    private int _used;

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (_used == _current.Length)
        {
            // The first segment starts small: most columns of small files never fill one.
            _current = new T[_segments.Count == 0 ? 256 : SegmentSize];
            _segments.Add(_current);
            _used = 0;
        }
        _current[_used++] = item;
        Count++;
    }

    public T[] ToArray()
    {
        var result = new T[Count];
        int at = 0;
        foreach (T[] segment in _segments)
        {
            int n = Math.Min(segment.Length, Count - at);
            Array.Copy(segment, 0, result, at, n);
            at += n;
        }
        return result;
    }

    public void Clear()
    {
        _segments.Clear();
        _current = [];
        _used = 0;
        Count = 0;
    }
}
