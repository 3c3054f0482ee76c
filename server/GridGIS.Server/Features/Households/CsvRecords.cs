using System.Text;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// RFC 4180 CSV records: comma-separated, fields optionally in double quotes (a quote inside is
/// doubled; quoted fields may span lines), CRLF or LF. Each record carries the 1-based line on
/// which it starts, for error reports.
/// </summary>
internal static class CsvRecords
{
    public sealed record Record(int Line, string[] Fields);

    /// <summary>The records of <paramref name="text"/>; an unterminated quote is reported through <paramref name="error"/>.</summary>
    public static List<Record> Read(string text, int maxRecords, out string? error)
    {
        error = null;
        var records = new List<Record>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, start = 1, i = 0;
        bool quoted = false, wasQuoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                if (c == '"') { quoted = false; i++; continue; }
                if (c == '\n') line++;
                field.Append(c); i++; continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true; i++; break;
                case ',':
                    fields.Add(field.ToString()); field.Clear(); wasQuoted = false; i++; break;
                case '\r' or '\n':
                    fields.Add(field.ToString()); field.Clear(); wasQuoted = false;
                    if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add(new Record(start, fields.ToArray()));
                    fields.Clear();
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    i++; line++; start = line;
                    if (records.Count > maxRecords) { error = $"more than {maxRecords - 1} data rows"; return records; }
                    break;
                default:
                    field.Append(c); i++; break;
            }
        }
        if (quoted) { error = $"a quoted field starting on line {start} is never closed"; return records; }
        if (field.Length > 0 || fields.Count > 0 || wasQuoted)
        {
            fields.Add(field.ToString());
            if (!(fields.Count == 1 && fields[0].Length == 0 && !wasQuoted)) records.Add(new Record(start, fields.ToArray()));
        }
        if (records.Count > maxRecords) error = $"more than {maxRecords - 1} data rows";
        return records;
    }

    /// <summary>A field for writing: quoted when it holds a comma, quote or line break.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
