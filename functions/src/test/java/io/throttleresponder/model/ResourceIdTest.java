package io.throttleresponder.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceIdTest {

    @Test
    void parse_readsBackWhatToStringWrites_forATableAndAnIndex() {
        ResourceId table = ResourceId.table("orders");
        ResourceId index = new ResourceId("orders", "by-status");

        assertThat(ResourceId.parse(table.toString())).isEqualTo(table);
        assertThat(ResourceId.parse(index.toString())).isEqualTo(index);
    }

    @Test
    void parse_rejectsTextThatIsNotAResource_namingIt() {
        assertThatThrownBy(() -> ResourceId.parse("orders/index/by-status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"orders/index/by-status\" is not a resource (table/NAME or table/NAME/index/INDEX)");
        assertThatThrownBy(() -> ResourceId.parse("table/orders/by-status"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
