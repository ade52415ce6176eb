using System.Data;
using Dapper;

namespace Finance.Ledger;

/// <summary>Lets Dapper pass and read <see cref="DateOnly"/> as PostgreSQL <c>date</c>.</summary>
internal sealed class DateOnlyTypeHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        _ => throw new DataException($"Cannot read {value.GetType()} as a date."),
    };
}
