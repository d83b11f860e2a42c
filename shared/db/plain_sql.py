"""The named statements (``shared.db.named``) compiled by SQLAlchemy for SQLite, for
``shared.db.plain``. Written by ``python -m shared.db.plain_gen``: do not edit.
"""

from typing import Any

#: The schema version these statements were compiled for (the newest migration).
SCHEMA_HEAD = '0011'

#: key -> (SQL, parameters (name, tag), fixed values, columns (name, tag)).
STATEMENTS: dict[str, Any] = {
    'cli.site_codes': (
        'SELECT sites.code \n'
        'FROM sites ORDER BY sites.id\n'
        ' LIMIT :param_1 OFFSET :param_2',
        (('param_1', ''), ('param_2', '')),
        {'param_1': 2, 'param_2': 0},
        (('code', ''),),
    ),
    'clock.latest_event_times': (
        'SELECT events.at \n'
        'FROM events ORDER BY events.id DESC\n'
        ' LIMIT :param_1 OFFSET :param_2',
        (('param_1', ''), ('param_2', '')),
        {'param_1': 5, 'param_2': 0},
        (('at', 'utc'),),
    ),
    'events.insert': (
        'INSERT INTO events (at, site_id, kind, ticket_id, counter_id, clerk_id, '
        'dossier_id, data) VALUES (:at, :site_id, :kind, :ticket_id, :counter_id, '
        ':clerk_id, :dossier_id, :data) RETURNING id',
        (('at', 'utc'),
         ('clerk_id', ''),
         ('counter_id', ''),
         ('data', 'json'),
         ('dossier_id', ''),
         ('kind', ''),
         ('site_id', ''),
         ('ticket_id', '')),
        {},
        (('id', ''),),
    ),
    'issue.insert_ticket': (
        'INSERT INTO tickets (site_id, service_id, issued_service_id, business_day, '
        'sequence, number, priority, status, issued_at, queued_at, call_count, note, '
        'public_token) VALUES (:site_id, :service_id, :issued_service_id, :business_day, '
        ':sequence, :number, :priority, :status, :issued_at, :queued_at, :call_count, '
        ':note, :public_token) RETURNING id',
        (('business_day', 'date'),
         ('call_count', ''),
         ('issued_at', 'utc'),
         ('issued_service_id', ''),
         ('note', ''),
         ('number', ''),
         ('priority', ''),
         ('public_token', ''),
         ('queued_at', 'utc'),
         ('sequence', ''),
         ('service_id', ''),
         ('site_id', ''),
         ('status', '')),
        {'call_count': 0, 'note': ''},
        (('id', ''),),
    ),
    'issue.next_number.sqlite': (
        'INSERT INTO ticket_sequences (service_id, business_day, last_number) VALUES '
        '(:service_id, :day, :start) ON CONFLICT (service_id, business_day) DO UPDATE SET'
        ' last_number = (ticket_sequences.last_number + :last_number_1) RETURNING '
        'last_number',
        (('day', 'date'), ('last_number_1', ''), ('service_id', ''), ('start', '')),
        {'last_number_1': 1},
        (('last_number', ''),),
    ),
    'issue.site_service': (
        'SELECT sites.id AS site_id, sites.code AS site_code, services.id AS service_id, '
        'services.code AS service_code, services.name AS service_name, services.name_en '
        'AS service_name_en, services.prefix, services.number_format, '
        'services.start_number, services.daily_cap, services.active \n'
        'FROM sites JOIN services ON services.site_id = sites.id \n'
        'WHERE sites.code = :site AND services.code = :service',
        (('service', ''), ('site', '')),
        {},
        (('site_id', ''),
         ('site_code', ''),
         ('service_id', ''),
         ('service_code', ''),
         ('service_name', ''),
         ('service_name_en', ''),
         ('prefix', ''),
         ('number_format', ''),
         ('start_number', ''),
         ('daily_cap', ''),
         ('active', 'bool')),
    ),
    'wait.calls': (
        'SELECT tickets.service_id, tickets.counter_id, tickets.called_at, '
        'tickets.finished_at, tickets.business_day, CASE WHEN (tickets.priority != '
        ':priority_1) THEN :param_1 ELSE :param_2 END AS extra, tickets.issued_service_id'
        ' != tickets.service_id AS transferred \n'
        'FROM tickets \n'
        'WHERE tickets.service_id = :service_id AND tickets.status IN (:status_1_1, '
        ':status_1_2) AND tickets.finished_at IS NOT NULL ORDER BY tickets.finished_at '
        'DESC\n'
        ' LIMIT :window OFFSET :param_3',
        (('param_1', ''),
         ('param_2', ''),
         ('param_3', ''),
         ('priority_1', ''),
         ('service_id', ''),
         ('status_1_1', ''),
         ('status_1_2', ''),
         ('window', '')),
        {'param_1': 1,
         'param_2': 0,
         'param_3': 0,
         'priority_1': 'none',
         'status_1_1': 'finished',
         'status_1_2': 'no_show'},
        (('service_id', ''),
         ('counter_id', ''),
         ('called_at', 'utc'),
         ('finished_at', 'utc'),
         ('business_day', 'date'),
         ('extra', ''),
         ('transferred', 'bool')),
    ),
    'wait.counters': (
        'SELECT counters.id, counters.status, served_on_day.service_id, '
        'served_on_day.position, tickets.service_id AS busy_service, tickets.called_at AS'
        ' busy_since \n'
        'FROM counters JOIN (SELECT counter_day_services.counter_id AS counter_id, '
        'counter_day_services.service_id AS service_id, counter_day_services.position AS '
        'position \n'
        'FROM counter_day_services \n'
        'WHERE counter_day_services.business_day = :day UNION ALL SELECT '
        'counter_services.counter_id AS counter_id, counter_services.service_id AS '
        'service_id, counter_services.position AS position \n'
        'FROM counter_services \n'
        'WHERE NOT (EXISTS (SELECT counter_day_services.service_id \n'
        'FROM counter_day_services \n'
        'WHERE counter_day_services.counter_id = counter_services.counter_id AND '
        'counter_day_services.business_day = :day))) AS served_on_day ON '
        'served_on_day.counter_id = counters.id LEFT OUTER JOIN tickets ON tickets.id = '
        'counters.current_ticket_id \n'
        'WHERE counters.site_id = :site_id AND counters.active IS 1 ORDER BY counters.id,'
        ' served_on_day.position',
        (('day', 'date'), ('site_id', '')),
        {},
        (('id', ''),
         ('status', ''),
         ('service_id', ''),
         ('position', ''),
         ('busy_service', ''),
         ('busy_since', 'utc')),
    ),
    'wait.issued': (
        'SELECT ticket_sequences.service_id, :param_1 AS counter_id, '
        'span_start.issued_at, first_ticket.issued_at AS issued_at_1, :param_2 AS '
        'business_day, (ticket_sequences.last_number - services.start_number) + :param_3 '
        'AS extra, :param_4 AS transferred \n'
        'FROM ticket_sequences JOIN services ON services.id = ticket_sequences.service_id'
        ' LEFT OUTER JOIN tickets AS span_start ON span_start.issued_service_id = '
        'ticket_sequences.service_id AND span_start.business_day = '
        'ticket_sequences.business_day AND span_start.sequence = '
        'ticket_sequences.last_number - :last_number_1 LEFT OUTER JOIN tickets AS '
        'first_ticket ON first_ticket.issued_service_id = ticket_sequences.service_id AND'
        ' first_ticket.business_day = ticket_sequences.business_day AND '
        'first_ticket.sequence = services.start_number \n'
        'WHERE services.site_id = :site_id AND ticket_sequences.business_day = :day',
        (('day', 'date'),
         ('last_number_1', ''),
         ('param_1', ''),
         ('param_2', 'date'),
         ('param_3', ''),
         ('param_4', 'bool'),
         ('site_id', '')),
        {'last_number_1': 20, 'param_1': None, 'param_2': None, 'param_3': 1, 'param_4': None},
        (('service_id', ''),
         ('counter_id', ''),
         ('issued_at', 'utc'),
         ('issued_at_1', 'utc'),
         ('business_day', 'date'),
         ('extra', ''),
         ('transferred', 'bool')),
    ),
    'wait.queue.ordinary.mixed': (
        'SELECT ahead.ahead, in_class.ahead_in_class, groups.service_id, '
        'groups.is_priority, groups.waiting \n'
        'FROM (SELECT count(*) AS ahead \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_1 AND '
        'tickets.service_id = :service_id AND tickets.business_day = :day AND tickets.id '
        '!= :ticket_id AND (tickets.queued_at < :queued_at OR tickets.queued_at = '
        ':queued_at AND tickets.id < :ticket_id)) AS ahead JOIN (SELECT count(*) AS '
        'ahead_in_class \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_2 AND '
        'tickets.service_id = :service_id AND tickets.business_day = :day AND tickets.id '
        '!= :ticket_id AND (tickets.queued_at < :queued_at OR tickets.queued_at = '
        ':queued_at AND tickets.id < :ticket_id) AND tickets.priority = :priority_1) AS '
        'in_class ON :param_1 = 1 JOIN (SELECT tickets.service_id AS service_id, '
        'tickets.priority != :priority_2 AS is_priority, count(*) AS waiting \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_3 AND '
        'tickets.business_day = :day GROUP BY tickets.service_id, tickets.priority != '
        ':priority_2) AS groups ON :param_2 = 1',
        (('day', 'date'),
         ('param_1', 'bool'),
         ('param_2', 'bool'),
         ('priority_1', ''),
         ('priority_2', ''),
         ('queued_at', 'utc'),
         ('service_id', ''),
         ('site_id', ''),
         ('status_1', ''),
         ('status_2', ''),
         ('status_3', ''),
         ('ticket_id', '')),
        {'param_1': True,
         'param_2': True,
         'priority_1': 'none',
         'priority_2': 'none',
         'status_1': 'waiting',
         'status_2': 'waiting',
         'status_3': 'waiting'},
        (('ahead', ''),
         ('ahead_in_class', ''),
         ('service_id', ''),
         ('is_priority', 'bool'),
         ('waiting', '')),
    ),
    'wait.queue.ordinary.strict': (
        'SELECT ahead.ahead, in_class.ahead_in_class, groups.service_id, '
        'groups.is_priority, groups.waiting \n'
        'FROM (SELECT count(*) AS ahead \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_1 AND '
        'tickets.service_id = :service_id AND tickets.business_day = :day AND tickets.id '
        '!= :ticket_id AND (tickets.queued_at < :queued_at OR tickets.queued_at = '
        ':queued_at AND tickets.id < :ticket_id OR tickets.priority != :priority_1)) AS '
        'ahead JOIN (SELECT :param_1 AS ahead_in_class) AS in_class ON :param_2 = 1 JOIN '
        '(SELECT tickets.service_id AS service_id, tickets.priority != :priority_2 AS '
        'is_priority, count(*) AS waiting \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_2 AND '
        'tickets.business_day = :day GROUP BY tickets.service_id, tickets.priority != '
        ':priority_2) AS groups ON :param_3 = 1',
        (('day', 'date'),
         ('param_1', ''),
         ('param_2', 'bool'),
         ('param_3', 'bool'),
         ('priority_1', ''),
         ('priority_2', ''),
         ('queued_at', 'utc'),
         ('service_id', ''),
         ('site_id', ''),
         ('status_1', ''),
         ('status_2', ''),
         ('ticket_id', '')),
        {'param_1': None,
         'param_2': True,
         'param_3': True,
         'priority_1': 'none',
         'priority_2': 'none',
         'status_1': 'waiting',
         'status_2': 'waiting'},
        (('ahead', ''),
         ('ahead_in_class', ''),
         ('service_id', ''),
         ('is_priority', 'bool'),
         ('waiting', '')),
    ),
    'wait.queue.priority.mixed': (
        'SELECT ahead.ahead, in_class.ahead_in_class, groups.service_id, '
        'groups.is_priority, groups.waiting \n'
        'FROM (SELECT count(*) AS ahead \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_1 AND '
        'tickets.service_id = :service_id AND tickets.business_day = :day AND tickets.id '
        '!= :ticket_id AND (tickets.queued_at < :queued_at OR tickets.queued_at = '
        ':queued_at AND tickets.id < :ticket_id) AND tickets.priority != :priority_1) AS '
        'ahead JOIN (SELECT :param_1 AS ahead_in_class) AS in_class ON :param_2 = 1 JOIN '
        '(SELECT tickets.service_id AS service_id, tickets.priority != :priority_2 AS '
        'is_priority, count(*) AS waiting \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_2 AND '
        'tickets.business_day = :day GROUP BY tickets.service_id, tickets.priority != '
        ':priority_2) AS groups ON :param_3 = 1',
        (('day', 'date'),
         ('param_1', ''),
         ('param_2', 'bool'),
         ('param_3', 'bool'),
         ('priority_1', ''),
         ('priority_2', ''),
         ('queued_at', 'utc'),
         ('service_id', ''),
         ('site_id', ''),
         ('status_1', ''),
         ('status_2', ''),
         ('ticket_id', '')),
        {'param_1': None,
         'param_2': True,
         'param_3': True,
         'priority_1': 'none',
         'priority_2': 'none',
         'status_1': 'waiting',
         'status_2': 'waiting'},
        (('ahead', ''),
         ('ahead_in_class', ''),
         ('service_id', ''),
         ('is_priority', 'bool'),
         ('waiting', '')),
    ),
    'wait.queue.priority.strict': (
        'SELECT ahead.ahead, in_class.ahead_in_class, groups.service_id, '
        'groups.is_priority, groups.waiting \n'
        'FROM (SELECT count(*) AS ahead \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_1 AND '
        'tickets.service_id = :service_id AND tickets.business_day = :day AND tickets.id '
        '!= :ticket_id AND (tickets.queued_at < :queued_at OR tickets.queued_at = '
        ':queued_at AND tickets.id < :ticket_id) AND tickets.priority != :priority_1) AS '
        'ahead JOIN (SELECT :param_1 AS ahead_in_class) AS in_class ON :param_2 = 1 JOIN '
        '(SELECT tickets.service_id AS service_id, tickets.priority != :priority_2 AS '
        'is_priority, count(*) AS waiting \n'
        'FROM tickets \n'
        'WHERE tickets.site_id = :site_id AND tickets.status = :status_2 AND '
        'tickets.business_day = :day GROUP BY tickets.service_id, tickets.priority != '
        ':priority_2) AS groups ON :param_3 = 1',
        (('day', 'date'),
         ('param_1', ''),
         ('param_2', 'bool'),
         ('param_3', 'bool'),
         ('priority_1', ''),
         ('priority_2', ''),
         ('queued_at', 'utc'),
         ('service_id', ''),
         ('site_id', ''),
         ('status_1', ''),
         ('status_2', ''),
         ('ticket_id', '')),
        {'param_1': None,
         'param_2': True,
         'param_3': True,
         'priority_1': 'none',
         'priority_2': 'none',
         'status_1': 'waiting',
         'status_2': 'waiting'},
        (('ahead', ''),
         ('ahead_in_class', ''),
         ('service_id', ''),
         ('is_priority', 'bool'),
         ('waiting', '')),
    ),
    'wait.site_policy': (
        'SELECT site_settings."key", site_settings.value \n'
        'FROM site_settings \n'
        'WHERE site_settings.site_id = :site_id AND site_settings."key" IN (:key_1_1, '
        ':key_1_2)',
        (('key_1_1', ''), ('key_1_2', ''), ('site_id', '')),
        {'key_1_1': 'queue.priority_policy', 'key_1_2': 'queue.priority_every'},
        (('key', ''), ('value', 'json')),
    ),
    'wait.status_events': (
        'SELECT events.counter_id, events.at, events.data \n'
        'FROM events \n'
        'WHERE events.site_id = :site_id AND events.id > (SELECT max(events.id) AS max_1'
        ' \n'
        'FROM events \n'
        'WHERE events.site_id = :site_id) - :param_1 AND events.kind = :kind_1 AND '
        'events.counter_id IS NOT NULL',
        (('kind_1', ''), ('param_1', ''), ('site_id', '')),
        {'kind_1': 'counter.status', 'param_1': 20000},
        (('counter_id', ''), ('at', 'utc'), ('data', 'json')),
    ),
}
