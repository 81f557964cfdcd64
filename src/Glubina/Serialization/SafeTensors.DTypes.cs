using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Glubina.Tensors;

namespace Glubina.Serialization;

public static partial class SafeTensors
{
    /// <summary>The format's name of a Glubina dtype.</summary>
    public static string FileDTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "SafeTensors: this dtype has no safetensors name."),
    };

    // The writer's sort key: the position of the dtype in the reference's Dtype enum (BOOL < … < F32 < F64 < I64).
    private static int DTypeRank(DType dtype) => dtype switch
    {
        DType.Int64 => 3,
        DType.Float64 => 2,
        DType.Float32 => 1,
        _ => 0,
    };

    /// <summary>A dtype as stored in a file, with its element size and the Glubina dtype it loads as.</summary>
    private sealed class StoredType
    {
        // Every dtype of the specification, so a file with one Glubina cannot load says so instead of "unknown".
        private static readonly string[] s_specified =
            ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16",
             "I32", "U32", "F32", "C64", "F64", "I64", "U64"];

        private static readonly StoredType[] s_loadable =
        [
            new("F32", 4, DType.Float32), new("F64", 8, DType.Float64), new("I64", 8, DType.Int64), new("BOOL", 1, DType.Bool),
            new("F16", 2, DType.Float32), new("BF16", 2, DType.Float32),
            new("I32", 4, DType.Int64), new("I16", 2, DType.Int64), new("I8", 1, DType.Int64),
            new("U32", 4, DType.Int64), new("U16", 2, DType.Int64), new("U8", 1, DType.Int64),
        ];

        private StoredType(string name, int size, DType loadedAs)
        {
            Name = name;
            Size = size;
            LoadedAs = loadedAs;
        }

        public string Name { get; }

        public int Size { get; }

        public DType LoadedAs { get; }

        public static string Supported => "F32, F64, I64, BOOL; F16 and BF16 as float32; I32, I16, I8, U32, U16, U8 as int64";

        public static StoredType? Find(string name) => Array.Find(s_loadable, t => t.Name == name);

        public static bool IsKnownName(string name) => Array.IndexOf(s_specified, name) >= 0;

        /// <summary>Converts little-endian stored elements to the wider destination type.</summary>
        public void Widen<T>(ReadOnlySpan<byte> source, Span<T> destination) where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                var floats = MemoryMarshal.Cast<T, float>(destination);
                bool brain = Name == "BF16";
                for (int i = 0; i < floats.Length; i++)
                {
                    ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]);
                    // BF16 is the top half of a float32; F16 is IEEE half precision.
                    floats[i] = brain ? BitConverter.Int32BitsToSingle(bits << 16) : (float)BitConverter.UInt16BitsToHalf(bits);
                }
                return;
            }
            var longs = MemoryMarshal.Cast<T, long>(destination);
            switch (Name)
            {
                case "I32":
                    for (int i = 0; i < longs.Length; i++) longs[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]);
                    break;
                case "U32":
                    for (int i = 0; i < longs.Length; i++) longs[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(4 * i)..]);
                    break;
                case "I16":
                    for (int i = 0; i < longs.Length; i++) longs[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]);
                    break;
                case "U16":
                    for (int i = 0; i < longs.Length; i++) longs[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]);
                    break;
                case "I8":
                    for (int i = 0; i < longs.Length; i++) longs[i] = (sbyte)source[i];
                    break;
                default:
                    for (int i = 0; i < longs.Length; i++) longs[i] = source[i];
                    break;
            }
        }
    }
}
