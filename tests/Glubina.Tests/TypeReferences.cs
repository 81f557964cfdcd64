using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Glubina.Tests;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the compiled metadata: base types, interfaces,
/// attributes, generic constraints, field and method signatures, locals, caught exceptions, and every type, method and
/// field token in the method bodies (so a call, a cast or a typeof counts, not only a signature). Compile-time
/// constants are inlined by the compiler and leave no trace.
/// </summary>
public static class TypeReferences
{
    /// <summary>Full type name → the full names of the other types of the assembly it uses. Nested and
    /// compiler-generated types (closures, state machines) count as the outermost type that declares them.</summary>
    public static Dictionary<string, HashSet<string>> Read(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        MetadataReader md = pe.GetMetadataReader();
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
        {
            string from = OutermostName(md, handle);
            if (!result.TryGetValue(from, out HashSet<string>? used))
                result[from] = used = new HashSet<string>(StringComparer.Ordinal);
            var collector = new Collector(md, used);
            TypeDefinition type = md.GetTypeDefinition(handle);
            collector.Type(type);
            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(m);
                collector.Signature(method.Signature, SignatureKind.Method);
                collector.Attributes(method.GetCustomAttributes());
                collector.Constraints(method.GetGenericParameters());
                if (method.RelativeVirtualAddress != 0)
                    collector.Body(pe.GetMethodBody(method.RelativeVirtualAddress));
            }
            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(f);
                collector.Signature(field.Signature, SignatureKind.Field);
                collector.Attributes(field.GetCustomAttributes());
            }
            foreach (PropertyDefinitionHandle p in type.GetProperties())
                collector.Attributes(md.GetPropertyDefinition(p).GetCustomAttributes());
        }
        foreach (var (from, used) in result)
            used.Remove(from);
        return result;
    }

    private static string OutermostName(MetadataReader md, TypeDefinitionHandle handle)
    {
        TypeDefinition type = md.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
            type = md.GetTypeDefinition(outer);
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? md.GetString(type.Name) : ns + "." + md.GetString(type.Name);
    }

    private enum SignatureKind { Method, Field, Locals }

    // Adds every type definition it meets to `used`; the decoded signature itself is not needed (a bool stands in).
    private sealed class Collector(MetadataReader md, HashSet<string> used) : ISignatureTypeProvider<bool, object?>
    {
        private static readonly Dictionary<short, OperandType> s_operands = typeof(OpCodes).GetFields()
            .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value, o => o.OperandType);

        public void Type(TypeDefinition type)
        {
            if (!type.BaseType.IsNil)
                Entity(type.BaseType);
            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
                Entity(md.GetInterfaceImplementation(i).Interface);
            Attributes(type.GetCustomAttributes());
            Constraints(type.GetGenericParameters());
        }

        public void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (CustomAttributeHandle a in attributes)
                Entity(md.GetCustomAttribute(a).Constructor);
        }

        public void Constraints(GenericParameterHandleCollection parameters)
        {
            foreach (GenericParameterHandle p in parameters)
            {
                foreach (GenericParameterConstraintHandle c in md.GetGenericParameter(p).GetConstraints())
                    Entity(md.GetGenericParameterConstraint(c).Type);
            }
        }

        public void Signature(BlobHandle signature, SignatureKind kind)
        {
            var decoder = new SignatureDecoder<bool, object?>(this, md, null);
            BlobReader blob = md.GetBlobReader(signature);
            switch (kind)
            {
                case SignatureKind.Method: decoder.DecodeMethodSignature(ref blob); break;
                case SignatureKind.Field: decoder.DecodeFieldSignature(ref blob); break;
                default: decoder.DecodeLocalSignature(ref blob); break;
            }
        }

        public void Body(MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
                Signature(md.GetStandaloneSignature(body.LocalSignature).Signature, SignatureKind.Locals);
            foreach (ExceptionRegion region in body.ExceptionRegions)
            {
                if (region.Kind == ExceptionRegionKind.Catch)
                    Entity(region.CatchType);
            }
            BlobReader il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                    code = unchecked((short)(0xFE00 | il.ReadByte()));
                switch (s_operands[code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    default: // 32-bit branch targets and constants, strings, calli signatures
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void Entity(EntityHandle handle)
        {
            var decoder = new SignatureDecoder<bool, object?>(this, md, null);
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add(OutermostName(md, (TypeDefinitionHandle)handle));
                    break;
                case HandleKind.TypeSpecification:
                    BlobReader spec = md.GetBlobReader(md.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                    decoder.DecodeType(ref spec);
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(OutermostName(md, md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(OutermostName(md, md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.MethodSpecification:
                    MethodSpecification generic = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(generic.Method);
                    BlobReader arguments = md.GetBlobReader(generic.Signature);
                    decoder.DecodeMethodSpecificationSignature(ref arguments);
                    break;
                case HandleKind.MemberReference:
                    MemberReference member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    Signature(member.Signature,
                        member.GetKind() == MemberReferenceKind.Field ? SignatureKind.Field : SignatureKind.Method);
                    break;
            }
        }

        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            used.Add(OutermostName(md, handle));
            return true;
        }

        public bool GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle,
            byte rawTypeKind)
        {
            Entity(handle);
            return true;
        }

        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => true;
        public bool GetArrayType(bool elementType, ArrayShape shape) => true;
        public bool GetByReferenceType(bool elementType) => true;
        public bool GetFunctionPointerType(MethodSignature<bool> signature) => true;
        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => true;
        public bool GetGenericMethodParameter(object? context, int index) => true;
        public bool GetGenericTypeParameter(object? context, int index) => true;
        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => true;
        public bool GetPinnedType(bool elementType) => true;
        public bool GetPointerType(bool elementType) => true;
        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => true;
        public bool GetSZArrayType(bool elementType) => true;
    }
}
