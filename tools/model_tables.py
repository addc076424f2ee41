"""What the model generators (tools/gen_<service>_model.py) share: reading botocore's model,
collecting the shapes an operation's input reaches, and writing them as the C++ table of
emulators/core/model/shapes.h. Each generator keeps only its service's adjustments.
"""
import gzip
import json
import os

KINDS = {
    'structure': 'kStructure', 'list': 'kList', 'map': 'kMap', 'string': 'kString',
    'boolean': 'kBoolean', 'integer': 'kInteger', 'long': 'kLong', 'double': 'kDouble',
    'float': 'kDouble', 'blob': 'kBlob', 'timestamp': 'kTimestamp',
}

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def botocore_model_path(service, version):
    import botocore
    return os.path.join(os.path.dirname(botocore.__file__), 'data', service, version,
                        'service-2.json.gz')


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt') as f:
        return json.load(f)


def reachable(shapes, roots):
    seen, stack = set(), list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        for member in shape.get('members', {}).values():
            stack.append(member['shape'])
        for part in ('member', 'key', 'value'):
            if part in shape:
                stack.append(shape[part]['shape'])
    return sorted(seen)


def cpp_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


class Adjustments:
    """Where a service departs from its published model, by shape name:
    member_order: the members it reports constraint errors of first, in that order;
    enum_order: the order it lists an enum's values in;
    required: members it requires that the model leaves optional;
    required_unless: {member: other}: required unless `other` is present;
    bounds: {'min': n, 'max': n} replacing the model's (None drops the model's bound)."""

    def __init__(self, member_order=None, enum_order=None, required=None, required_unless=None,
                 bounds=None):
        self.member_order = member_order or {}
        self.enum_order = enum_order or {}
        self.required = required or {}
        self.required_unless = required_unless or {}
        self.bounds = bounds or {}


def ordered_members(name, shape, adjustments):
    members = list(shape.get('members', {}))
    first = [m for m in adjustments.member_order.get(name, []) if m in members]
    return first + [m for m in members if m not in first]


def member_entry(name, shape, member, index, adjustments):
    unless = adjustments.required_unless.get(name, {}).get(member)
    required = (member in shape.get('required', []) or
                member in adjustments.required.get(name, []) or unless is not None)
    fields = [cpp_string(member), str(index[shape['members'][member]['shape']]),
              'true' if required else 'false']
    if unless:
        fields.append(cpp_string(unless))
    return '{' + ', '.join(fields) + '}'


def generate(model, *, service, script, title, operations, adjustments):
    """The text of emulators/<service>/model/shapes_generated.cpp."""
    shapes = model['shapes']
    inputs = {op: model['operations'][op]['input']['shape'] for op in operations
              if 'input' in model['operations'][op]}
    names = reachable(shapes, inputs.values())
    index = {name: i for i, name in enumerate(names)}
    arrays, rows = [], []
    for name in names:
        shape = shapes[name]
        fields = [f'.name = {cpp_string(name)}', f'.kind = Kind::{KINDS[shape["type"]]}']
        if shape['type'] == 'structure':
            members = ordered_members(name, shape, adjustments)
            if members:
                entries = ', '.join(member_entry(name, shape, m, index, adjustments)
                                    for m in members)
                arrays.append(f'constexpr Member kMembers{index[name]}[] = {{{entries}}};')
                fields.append(f'.members = kMembers{index[name]}')
        if shape['type'] == 'list':
            fields.append(f'.element = {index[shape["member"]["shape"]]}')
        if shape['type'] == 'map':
            fields.append(f'.element = {index[shape["value"]["shape"]]}')
            fields.append(f'.key = {index[shape["key"]["shape"]]}')
        bounds = {k: shape[k] for k in ('min', 'max') if k in shape}
        bounds.update(adjustments.bounds.get(name, {}))
        for bound in ('min', 'max'):
            if bounds.get(bound) is not None:
                fields.append(f'.{bound} = {bounds[bound]}')
        if 'pattern' in shape:
            fields.append(f'.pattern = {cpp_string(shape["pattern"])}')
        if 'enum' in shape:
            values = adjustments.enum_order.get(name, shape['enum'])
            assert sorted(values) == sorted(shape['enum']), name
            arrays.append(f'constexpr std::string_view kEnum{index[name]}[] = '
                          f'{{{", ".join(cpp_string(v) for v in values)}}};')
            fields.append(f'.enum_values = kEnum{index[name]}')
        rows.append('    {' + ', '.join(fields) + '},')
    operation_rows = [f'    {{{cpp_string(op)}, {index[inputs[op]]}}},' for op in sorted(inputs)]
    version = model['metadata'].get('apiVersion', '')
    return '\n'.join([
        f'// Generated by tools/{script} from botocore\'s {title} model ({version}). Do not edit;',
        '// change the script and run it again.',
        f'#include "{service}/model/shapes.h"',
        '',
        f'namespace streamstack::{service}::model {{',
        'namespace {',
        '',
        'using core::model::OperationInput;',
        '',
        '// clang-format off',
        *arrays,
        '',
        '// Sorted by shape name.',
        'constexpr Shape kShapes[] = {',
        *rows,
        '};',
        '',
        '// Sorted by operation name.',
        'constexpr OperationInput kOperationInputs[] = {',
        *operation_rows,
        '};',
        '// clang-format on',
        '',
        '}  // namespace',
        '',
        'constinit const core::model::ShapeTable kShapeTable{kShapes, kOperationInputs};',
        '',
        f'}}  // namespace streamstack::{service}::model',
        '',
    ])


def write(service, text):
    output = os.path.join(ROOT, 'emulators', service, 'model', 'shapes_generated.cpp')
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, 'w') as f:
        f.write(text)
    print(f'wrote {os.path.normpath(output)}')
