using System.IO.Compression;

namespace GridGIS.Core.Import;

/// <summary>
/// Unpacks an uploaded zip into memory, refusing what a hostile archive uses: more than
/// <see cref="ImportLimits.MaxArchiveEntries"/> entries, entry names that climb out of the archive (<c>..</c>, an
/// absolute path, a drive letter, a backslash) or carry control characters, and more than
/// <see cref="ImportLimits.MaxUnpackedBytes"/> bytes unpacked in all (a zip bomb: the bytes are counted as they are
/// inflated, not taken from the archive's own, forgeable, sizes). Nothing is written to disk. Directories and
/// macOS's <c>__MACOSX/</c> resource forks are skipped.
/// </summary>
public static class SafeArchive
{
    /// <summary>The files of the archive by name (case as stored), or null with an error added (field <c>zip</c>).</summary>
    public static IReadOnlyDictionary<string, byte[]>? Unpack(ReadOnlyMemory<byte> bytes, ImportLimits limits, ImportErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        var files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes.ToArray(), writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > limits.MaxArchiveEntries)
            {
                errors.Add(null, null, "zip", $"the archive has {archive.Entries.Count} entries; at most {limits.MaxArchiveEntries}");
                return null;
            }
            long unpacked = 0;
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (UnsafeName(name) is { } why)
                {
                    errors.Add(null, null, "zip", $"the archive entry '{Clip(name)}' is refused: {why}");
                    return null;
                }
                if (name.EndsWith('/') || name.StartsWith("__MACOSX/", StringComparison.Ordinal)) continue;
                if (!files.TryAdd(name, []))
                {
                    errors.Add(null, null, "zip", $"the archive holds '{Clip(name)}' twice");
                    return null;
                }
                using var input = entry.Open();
                using var output = new MemoryStream();
                var buffer = new byte[81920];
                int n;
                while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    unpacked += n;
                    if (unpacked > limits.MaxUnpackedBytes)
                    {
                        errors.Add(null, null, "zip", $"the archive unpacks to more than {limits.MaxUnpackedBytes} bytes; refused (split the data)");
                        return null;
                    }
                    output.Write(buffer, 0, n);
                }
                files[name] = output.ToArray();
            }
        }
        catch (InvalidDataException e)
        {
            errors.Add(null, null, "zip", $"not a readable zip archive: {e.Message}");
            return null;
        }
        if (files.Count == 0) errors.Add(null, null, "zip", "the archive holds no files");
        return files.Count == 0 ? null : files;
    }

    /// <summary>Why <paramref name="name"/> may not be an entry's name, or null when it may.</summary>
    internal static string? UnsafeName(string name)
    {
        if (name.Length == 0) return "the name is empty";
        if (name.Length > 255) return "the name is longer than 255 characters";
        if (name.Any(char.IsControl)) return "the name contains control characters";
        if (name.Contains('\\', StringComparison.Ordinal)) return "the name contains a backslash";
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':')) return "the name is an absolute path";
        if (name.Split('/').Any(part => part == "..")) return "the name climbs out of the archive (..)";
        return null;
    }

    private static string Clip(string s)
    {
        var printable = new string([.. s.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return s.Length > 80 ? printable + "..." : printable;
    }
}
